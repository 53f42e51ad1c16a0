package ledger.store.pg;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;

/**
 * A pool that can be swapped for a fresh one. A connection whose route went silent (no FIN, no
 * RST: a dropped NAT or conntrack entry) holds its query until the kernel gives up retransmitting,
 * for minutes; vertx-pg-client 5.0.7 ignores the idle timeouts of {@code NetClientOptions}, so the
 * pool would never let it go. {@link #renew} closes every connection of the old pool, failing what
 * they carry, and later calls get new connections. Whoever holds this pool keeps holding it.
 */
public final class RenewablePool implements Pool {

  private final Supplier<Pool> pools;
  private volatile Pool current;
  private final AtomicInteger renewals = new AtomicInteger();

  public RenewablePool(Supplier<Pool> pools) {
    this.pools = pools;
    this.current = pools.get();
  }

  /** Replaces the pool with a fresh one and closes the old one. */
  public synchronized Future<Void> renew() {
    Pool old = current;
    current = pools.get();
    renewals.incrementAndGet();
    return old.close();
  }

  /** How many times the pool was replaced; counted before the old one is closed. */
  public int renewals() {
    return renewals.get();
  }

  @Override
  public Future<SqlConnection> getConnection() {
    return current.getConnection();
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return current.query(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return current.preparedQuery(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return current.preparedQuery(sql, options);
  }

  @Override
  public int size() {
    return current.size();
  }

  @Override
  public synchronized Future<Void> close() {
    return current.close();
  }
}

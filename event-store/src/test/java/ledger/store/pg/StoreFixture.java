package ledger.store.pg;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.domain.AccountEvent;
import ledger.domain.AccountId;
import ledger.domain.CommandId;
import ledger.store.Append;
import ledger.store.NewEvent;
import ledger.testkit.TestInfra;

/** A migrated database of its own for one test class. */
final class StoreFixture implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final PgConnectOptions options;
  final Pool pool;

  StoreFixture(String name) {
    options = TestInfra.freshDatabase(name);
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(options).using(vertx).build();
    await(new SchemaMigrator(pool).migrate());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  static Append append(String commandId, String request, AccountId stream, long version, AccountEvent... events) {
    List<NewEvent> newEvents = new java.util.ArrayList<>();
    for (int i = 0; i < events.length; i++) {
      newEvents.add(new NewEvent(stream, version + i, events[i]));
    }
    return new Append(CommandId.of(commandId), sha256(request), "Test", "corr-" + commandId, newEvents);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(pool.close());
    await(vertx.close());
  }
}

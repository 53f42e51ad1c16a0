package ledger.command;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.grpc.server.Service;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.grpc.Rpc;
import ledger.grpc.RpcObserver;
import ledger.grpc.UnavailableBackends;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.CommitNotifier;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.PgFailures;
import ledger.store.pg.SnapshotStore;

/**
 * The command role: owns its PostgreSQL pool and hands out the CommandService that the
 * process's gRPC endpoint serves. The handler is thread-safe, so one instance serves
 * every event loop.
 */
public final class CommandVerticle extends VerticleBase {

  private final PgConnectOptions database;
  private final CommandConfig config;
  private final RpcObserver observer;
  private final CommandObserver commandObserver;
  private Pool pool;
  private Service service;

  public CommandVerticle(PgConnectOptions database, CommandConfig config, RpcObserver observer) {
    this(database, config, observer, CommandObserver.NONE);
  }

  public CommandVerticle(PgConnectOptions database, CommandConfig config, RpcObserver observer,
                         CommandObserver commandObserver) {
    this.database = database;
    this.config = config;
    this.observer = observer;
    this.commandObserver = commandObserver;
  }

  @Override
  public Future<?> start() {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(config.pgPoolSize()).setName("ledger-command"))
        .connectingTo(database).using(vertx).build();
    PgEventStore store = new PgEventStore(pool);
    SnapshotStore snapshots = new SnapshotStore(pool);
    CommandHandler handler = new CommandHandler(vertx, store, new AccountLoader(store, snapshots, config.readPageSize()),
        snapshots, new CommitNotifier(vertx, pool), config, commandObserver);
    service = new CommandApi(handler).service(new Rpc(new UnavailableBackends(
        "the event store did not answer; the command may be retried with the same command_id",
        PgFailures::isUnavailable), observer, config.maxMessageBytes()));
    // Fail the deployment now, not on the first command, when PostgreSQL is unreachable.
    return pool.query("SELECT 1").execute();
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** The CommandService, once started. */
  public Service service() {
    return service;
  }
}

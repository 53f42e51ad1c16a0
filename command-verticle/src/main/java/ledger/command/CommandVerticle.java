package ledger.command;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.grpc.server.Service;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.grpc.CallLimits;
import ledger.grpc.CallGates;
import ledger.grpc.Rpc;
import ledger.grpc.RpcObserver;
import ledger.grpc.Scopes;
import ledger.grpc.Tracing;
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
  private final CallLimits limits;
  private final CallGates gates;
  private Tracing tracing = Tracing.OFF;
  private Pool pool;
  private Service service;
  private CommandHandler handler;

  public CommandVerticle(PgConnectOptions database, CommandConfig config, RpcObserver observer) {
    this(database, config, observer, CommandObserver.NONE);
  }

  public CommandVerticle(PgConnectOptions database, CommandConfig config, RpcObserver observer,
                         CommandObserver commandObserver) {
    this(database, config, observer, commandObserver, CallGates.OPEN, CallLimits.NONE);
  }

  /** {@code limits}: the per-caller limits every command passes first (the command rate). */
  public CommandVerticle(PgConnectOptions database, CommandConfig config, RpcObserver observer,
                         CommandObserver commandObserver, CallLimits limits) {
    this(database, config, observer, commandObserver, CallGates.OPEN, limits);
  }

  /** {@code gates} admits each call (scope {@code ledger.write}) when it arrives. */
  public CommandVerticle(PgConnectOptions database, CommandConfig config, RpcObserver observer,
                         CommandObserver commandObserver, CallGates gates) {
    this(database, config, observer, commandObserver, gates, CallLimits.NONE);
  }

  /** {@code gates} admits each call when it arrives; {@code limits} then holds the caller to its limits. */
  public CommandVerticle(PgConnectOptions database, CommandConfig config, RpcObserver observer,
                         CommandObserver commandObserver, CallGates gates, CallLimits limits) {
    this.database = database;
    this.gates = gates;
    this.config = config;
    this.observer = observer;
    this.commandObserver = commandObserver;
    this.limits = limits;
  }

  /** Spans of calls and appends (docs/operations.md, "Tracing"); set before deployment. */
  public CommandVerticle traced(Tracing value) {
    this.tracing = value;
    return this;
  }

  @Override
  public Future<?> start() {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(config.pgPoolSize()).setName("ledger-command"))
        .connectingTo(database).using(vertx).build();
    PgEventStore store = new PgEventStore(pool);
    SnapshotStore snapshots = new SnapshotStore(pool);
    handler = new CommandHandler(vertx, store, new AccountLoader(store, snapshots, config.readPageSize()),
        snapshots, new CommitNotifier(vertx, pool), config, commandObserver, tracing);
    service = new CommandApi(handler).service(new Rpc(new UnavailableBackends(
        "the event store did not answer; the command may be retried with the same command_id",
        PgFailures::isUnavailable), observer, gates.requiring(Scopes.WRITE), limits,
        config.maxMessageBytes()).traced(tracing));
    // Fail the deployment now, not on the first command, when PostgreSQL is unreachable.
    return pool.query("SELECT 1").execute();
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** Commands held right now (bounded by the config's queueMax), once started. */
  public int heldCommands() {
    return handler == null ? 0 : handler.held();
  }

  /** The CommandService, once started. */
  public Service service() {
    return service;
  }
}

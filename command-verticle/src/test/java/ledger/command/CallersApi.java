package ledger.command;

import static ledger.testkit.Waits.await;

import java.util.function.BiFunction;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.domain.LedgerException;
import ledger.grpc.CallContext;
import ledger.grpc.Caller;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.CommitNotifier;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.SnapshotStore;
import ledger.v1.CommandResult;

/**
 * The CommandService's methods called in-process with a CallContext whose caller the test
 * names, as the gRPC layer will call them once it authenticates callers: the same CommandApi,
 * handler and PostgreSQL store a node runs, minus the transport.
 */
final class CallersApi implements AutoCloseable {

  /** What a call answered: its result, or the refusal it failed with. */
  record Answer(CommandResult result, LedgerException refusal) {

    CommandResult ok() {
      if (refusal != null) {
        throw new AssertionError("refused: " + refusal.reason() + " " + refusal.getMessage());
      }
      return result;
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  final CommandApi api;

  CallersApi(PgConnectOptions database) {
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(database).using(vertx).build();
    CommandConfig config = CommandConfig.defaults();
    PgEventStore store = new PgEventStore(pool);
    SnapshotStore snapshots = new SnapshotStore(pool);
    api = new CommandApi(new CommandHandler(vertx, store, new AccountLoader(store, snapshots, config.readPageSize()),
        snapshots, new CommitNotifier(vertx, pool), config, CommandObserver.NONE));
  }

  /** {@code method} of the api, called by {@code subject} (null: an anonymous caller). */
  <R> Answer call(String subject, BiFunction<R, CallContext, Future<CommandResult>> method, R request) {
    Caller caller = subject == null ? Caller.anonymous("127.0.0.1") : Caller.authenticated(subject, "127.0.0.1");
    try {
      return new Answer(await(method.apply(request, CallContext.of(0, "corr-test", caller))), null);
    } catch (LedgerException refusal) {
      return new Answer(null, refusal);
    }
  }

  @Override
  public void close() {
    await(pool.close());
    await(vertx.close());
  }
}

package ledger.query;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.PgEventStore;

/**
 * An account's current state replayed from the event store (its newest snapshot, then the
 * events after it), for reads that find no view in Redis: not projected yet, or lost (a
 * deleted hash, a flush). The store is the truth, so the answer is never older than a write
 * that committed before the call. The query role only answers from it; repairing the view
 * is the projection's, the views' single writer.
 *
 * <p>Many reads of one missing view share replays, without any of them getting one that
 * started before it asked: one replay per account runs, and everyone who asks meanwhile
 * shares the next one, started when it ends. Thread-safe.
 */
final class StoreReplays {

  private final PgEventStore events;
  private final AccountLoader loader;
  /** Per account with a replay running: the promise of the next one, null while nobody waits for it. */
  private final Map<AccountId, Promise<AccountView>> queued = new HashMap<>();

  StoreReplays(PgEventStore events, AccountLoader loader) {
    this.events = events;
    this.loader = loader;
  }

  /** The account's state now, as its view would show it; null when the account does not exist. */
  Future<AccountView> current(AccountId id) {
    Promise<AccountView> promise = Promise.promise();
    synchronized (this) {
      if (queued.containsKey(id)) {
        Promise<AccountView> next = queued.get(id);
        if (next == null) {
          queued.put(id, promise);
          return promise.future();
        }
        return next.future();
      }
      queued.put(id, null);
    }
    run(id, promise);
    return promise.future();
  }

  private void run(AccountId id, Promise<AccountView> promise) {
    replay(id).onComplete(done -> {
      Promise<AccountView> next;
      synchronized (this) {
        next = queued.get(id);
        if (next == null) {
          queued.remove(id);
        } else {
          queued.put(id, null);
        }
      }
      promise.handle(done);
      if (next != null) {
        run(id, next);
      }
    });
  }

  private Future<AccountView> replay(AccountId id) {
    return loader.load(id).compose(state -> !state.exists() ? Future.succeededFuture(null)
        : events.readStream(id, state.version(), 1).map(last -> AccountView.after(state, last.get(0))));
  }
}

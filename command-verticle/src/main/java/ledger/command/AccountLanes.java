package ledger.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import ledger.domain.AccountId;

/**
 * Runs the commands of one account one after another inside this process, so they do
 * not race each other into optimistic-concurrency conflicts. A command on several
 * accounts waits for all of them; it queues on all its lanes at once under one lock,
 * so lanes can never wait on each other in a cycle. Across processes the event store's
 * optimistic concurrency still decides.
 */
final class AccountLanes {

  private final Map<AccountId, Future<Void>> tails = new HashMap<>();

  <T> Future<T> run(Collection<AccountId> accounts, Supplier<Future<T>> work) {
    Promise<Void> finished = Promise.promise();
    List<Future<Void>> ahead = new ArrayList<>(accounts.size());
    synchronized (tails) {
      for (AccountId account : accounts) {
        Future<Void> previous = tails.put(account, finished.future());
        if (previous != null) {
          ahead.add(previous);
        }
      }
    }
    Future<Void> ready = ahead.isEmpty() ? Future.succeededFuture()
        : Future.join(ahead).transform(whatever -> Future.succeededFuture());
    Future<T> result = ready.compose(go -> work.get());
    result.onComplete(done -> {
      synchronized (tails) {
        for (AccountId account : accounts) {
          tails.remove(account, finished.future());
        }
      }
      finished.complete();
    });
    return result;
  }

  int busyLanes() {
    synchronized (tails) {
      return tails.size();
    }
  }
}

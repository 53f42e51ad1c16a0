package ledger.query;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.ConsistencyToken;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.ViewKeys;
import ledger.store.Checkpoint;

/**
 * Reads that wait for the view to catch up with a write. A waiter is a promise in a map,
 * not a thread and not a polling loop: it is registered before the view is read (so no
 * update can slip between the read and the registration), completed by whichever comes
 * first of that read, a feed announcement, or its timer. Thread-safe.
 */
final class TokenWaits {

  private final Vertx vertx;
  private final ViewReader reader;
  private final StoreReplays replays;
  private final Map<AccountId, Set<VersionWaiter>> byAccount = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, CheckpointWaiter> byCheckpoint = new ConcurrentSkipListMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger waiting = new AtomicInteger();
  private final QueryObserver observer;

  TokenWaits(Vertx vertx, ViewReader reader, StoreReplays replays, QueryObserver observer) {
    this.vertx = vertx;
    this.reader = reader;
    this.replays = replays;
    this.observer = observer;
  }

  /**
   * The account's view, no older than the token: at the version the token names for this
   * account, or else once the views cover the token's commit point (which {@link
   * ConsistencyToken#NONE} always is). An account with no view in Redis (not projected yet,
   * or lost) is replayed from the event store. Null when the account does not exist.
   */
  Future<AccountView> viewFor(AccountId id, ConsistencyToken token, long budgetMillis) {
    OptionalLong version = token.versionOf(id);
    if (version.isPresent()) {
      return awaitVersion(id, version.getAsLong(), budgetMillis);
    }
    Checkpoint point = token.commitPoint();
    return awaitCheckpoint(point, budgetMillis)
        .compose(covering -> covering != null ? reader.covering(id, point, covering) : Future.succeededFuture(null))
        .compose(view -> view != null ? Future.succeededFuture(view) : replays.current(id));
  }

  /** The account's view once it reflects at least {@code version}. */
  private Future<AccountView> awaitVersion(AccountId id, long version, long budgetMillis) {
    VersionWaiter waiter = new VersionWaiter(id, version, Promise.promise());
    byAccount.compute(id, (k, waiters) -> {
      Set<VersionWaiter> set = waiters != null ? waiters : ConcurrentHashMap.newKeySet();
      set.add(waiter);
      return set;
    });
    track(waiter.promise, budgetMillis, () -> byAccount.computeIfPresent(id, (k, waiters) -> {
      waiters.remove(waiter);
      return waiters.isEmpty() ? null : waiters;
    }), () -> new ConsistencyWaitTimeoutException(
        "the view of " + id + " did not reach version " + version + " within " + budgetMillis + " ms",
        Map.of("account_id", id.value(), "awaited_version", Long.toString(version))));
    check(waiter);
    return waiter.promise.future();
  }

  /**
   * Completes with the keys of a generation whose views cover every event up to {@code point} in
   * commit order, once one does; with null if Redis has no checkpoint at all (flushed, or nothing
   * projected yet): the views cannot be waited on then, the event store answers instead.
   */
  private Future<ViewKeys> awaitCheckpoint(Checkpoint point, long budgetMillis) {
    if (point.equals(Checkpoint.START)) {
      return Future.succeededFuture(reader.keys());
    }
    CheckpointWaiter waiter = new CheckpointWaiter(point, Promise.promise());
    long key = sequence.incrementAndGet();
    byCheckpoint.put(key, waiter);
    track(waiter.promise, budgetMillis, () -> byCheckpoint.remove(key), () -> new ConsistencyWaitTimeoutException(
        "the views did not reach position " + point.globalPosition() + " within " + budgetMillis + " ms",
        Map.of("awaited_position", Long.toString(point.globalPosition()))));
    check(waiter);
    return waiter.promise.future();
  }

  /** Wakes the waiters a projection batch satisfies: one of the generation the reader follows (see {@link ViewReader#hear}). */
  void onFeed(FeedMessage message) {
    for (AccountView view : message.views()) {
      Set<VersionWaiter> waiters = byAccount.get(view.accountId());
      if (waiters != null) {
        for (VersionWaiter waiter : waiters) {
          if (view.version() >= waiter.version) {
            waiter.promise.tryComplete(view);
          }
        }
      }
    }
    ViewKeys covering = reader.keysOf(message.generation());
    for (CheckpointWaiter waiter : byCheckpoint.values()) {
      if (message.checkpoint().compareTo(waiter.point) >= 0) {
        waiter.promise.tryComplete(covering);
      }
    }
    // Their versions are held back: a read of the view says so (VIEW_DEGRADED) instead of a timeout.
    for (AccountId id : message.degraded()) {
      Set<VersionWaiter> waiters = byAccount.get(id);
      if (waiters != null) {
        List<VersionWaiter> registered = List.copyOf(waiters);
        reader.fresh(id).onComplete(read -> registered.forEach(waiter -> settle(waiter, read)));
      }
    }
  }

  /**
   * After the feed was interrupted, announcements may have been missed: look again for everyone,
   * with one read per account and one of the checkpoint (one per waiter would flood the Redis
   * pool, and a refused read fails its waiters).
   */
  void recheckAll() {
    byAccount.forEach((id, waiters) -> {
      List<VersionWaiter> registered = List.copyOf(waiters);
      reader.fresh(id).onComplete(read -> registered.forEach(waiter -> settle(waiter, read)));
    });
    if (!byCheckpoint.isEmpty()) {
      List<CheckpointWaiter> registered = List.copyOf(byCheckpoint.values());
      reader.checkpoint().onComplete(read -> registered.forEach(waiter -> settle(waiter, read)));
    }
  }

  int waiting() {
    return waiting.get();
  }

  // No view at all: not projected yet, or lost with nothing announced since; the store knows.
  private void check(VersionWaiter waiter) {
    reader.atLeast(waiter.id, waiter.version)
        .compose(view -> view != null ? Future.succeededFuture(view) : replays.current(waiter.id)
            .compose(replayed -> Balances.existing(waiter.id, replayed)))
        .onComplete(read -> settle(waiter, read));
  }

  private void check(CheckpointWaiter waiter) {
    reader.checkpoint().onComplete(read -> settle(waiter, read));
  }

  // A read that failed fails its waiter (UNAVAILABLE): the announcement it needed may
  // already be gone, so waiting on would end in a false CONSISTENCY_WAIT_TIMEOUT.
  private static void settle(VersionWaiter waiter, AsyncResult<AccountView> read) {
    if (read.failed()) {
      waiter.promise.tryFail(read.cause());
    } else if (read.result() != null && read.result().version() >= waiter.version) {
      waiter.promise.tryComplete(read.result());
    }
  }

  private static void settle(CheckpointWaiter waiter, AsyncResult<ViewReader.Coverage> read) {
    if (read.failed()) {
      waiter.promise.tryFail(read.cause());
    } else if (read.result().checkpoint().equals(Checkpoint.START)) {
      waiter.promise.tryComplete(null);
    } else if (read.result().checkpoint().compareTo(waiter.point) >= 0) {
      waiter.promise.tryComplete(read.result().keys());
    }
  }

  private void track(Promise<?> promise, long budgetMillis, Runnable deregister,
                     java.util.function.Supplier<RuntimeException> timeout) {
    waiting.incrementAndGet();
    long started = System.nanoTime();
    long timer = vertx.setTimer(Math.max(1, budgetMillis), fired -> promise.tryFail(timeout.get()));
    promise.future().onComplete(done -> {
      vertx.cancelTimer(timer);
      deregister.run();
      waiting.decrementAndGet();
      observer.tokenWait(outcomeOf(done), System.nanoTime() - started);
    });
  }

  private static QueryObserver.TokenWaitOutcome outcomeOf(AsyncResult<?> done) {
    if (done.succeeded()) {
      return QueryObserver.TokenWaitOutcome.REACHED;
    }
    return done.cause() instanceof ConsistencyWaitTimeoutException
        ? QueryObserver.TokenWaitOutcome.TIMED_OUT : QueryObserver.TokenWaitOutcome.FAILED;
  }

  private record VersionWaiter(AccountId id, long version, Promise<AccountView> promise) {
  }

  private record CheckpointWaiter(Checkpoint point, Promise<ViewKeys> promise) {
  }
}


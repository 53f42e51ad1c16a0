package ledger.query;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewReads;
import ledger.store.Checkpoint;

/** Reads the views the projection keeps in Redis, through the view cache when it can answer. */
final class ViewReader {

  private final Redis redis;
  private final ViewCache cache;
  /** The live generation's keys: changed by a switch heard on the feed, read on any event loop. */
  private volatile ViewKeys keys;

  /** {@code cache} may be null: every read then goes to Redis. */
  ViewReader(Redis redis, ViewKeys keys, ViewCache cache) {
    this.redis = redis;
    this.keys = keys;
    this.cache = cache;
  }

  /**
   * The account's view as it is at {@code point} in commit order or later, or null when there
   * is none (unknown, not projected yet, or lost): from the cache if it has taken in every
   * announcement up to that point, else from Redis, whose views the caller knows cover it.
   */
  Future<AccountView> covering(AccountId id, Checkpoint point) {
    AccountView cached = cache == null ? null : cache.covering(id, point);
    return cached != null ? Future.succeededFuture(cached) : fresh(id);
  }

  /** A view at {@code version} or later if the cache has one; otherwise the view as Redis has it now. */
  Future<AccountView> atLeast(AccountId id, long version) {
    AccountView cached = cache == null ? null : cache.get(id);
    return cached != null && cached.version() >= version ? Future.succeededFuture(cached) : fresh(id);
  }

  /** The view as Redis has it now; a degraded view fails the read with VIEW_DEGRADED. */
  Future<AccountView> fresh(AccountId id) {
    long epoch = cache == null ? 0 : cache.epoch();
    return ViewReads.readable(redis, keys, id).map(view -> {
      if (view != null && cache != null) {
        cache.offer(view, epoch);
      }
      return view;
    });
  }

  /**
   * Reads the live generation from Redis and follows it. Run after every (re)subscribe to the
   * feed, since a switch announced while it was down is not heard.
   */
  Future<ViewKeys> refreshGeneration() {
    return ViewReads.live(redis, keys).map(live -> {
      follow(live.generation());
      return keys;
    });
  }

  /**
   * The projection switched the live generation: read its keys from now on. Only forward: a
   * GET answered before a switch can arrive after its announcement, and a flushed generation
   * key reads as 0 until the writer sets it again.
   */
  synchronized void follow(long generation) {
    if (generation > keys.generation()) {
      keys = keys.at(generation);
    }
  }

  long generation() {
    return keys.generation();
  }

  Future<Checkpoint> checkpoint() {
    return ViewReads.checkpoint(redis, keys);
  }

  static boolean isMessage(Response push) {
    return push != null && push.size() == 3 && "message".equals(push.get(0).toString());
  }
}

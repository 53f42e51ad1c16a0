package ledger.query;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
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
    return covering(id, point, keys);
  }

  /**
   * As {@link #covering(AccountId, Checkpoint)}, from Redis in generation {@code in}: the one whose
   * checkpoint or announcement was found to cover the point. A switch heard meanwhile must not
   * send the read to the new generation, which may stand below that point (docs/storage.md,
   * "Rebuilding every view"). The cache answers only for what it has taken in of the generation
   * it holds, so it may answer whatever that generation is.
   */
  Future<AccountView> covering(AccountId id, Checkpoint point, ViewKeys in) {
    AccountView cached = cache == null ? null : cache.covering(id, point);
    return cached != null ? Future.succeededFuture(cached) : fresh(id, in);
  }

  /** A view at {@code version} or later if the cache has one; otherwise the view as Redis has it now. */
  Future<AccountView> atLeast(AccountId id, long version) {
    AccountView cached = cache == null ? null : cache.get(id);
    return cached != null && cached.version() >= version ? Future.succeededFuture(cached) : fresh(id);
  }

  /** The view as Redis has it now; a degraded view fails the read with VIEW_DEGRADED. */
  Future<AccountView> fresh(AccountId id) {
    return fresh(id, keys);
  }

  private Future<AccountView> fresh(AccountId id, ViewKeys in) {
    long epoch = cache == null ? 0 : cache.epoch();
    // read after the mark: a switch after it moves the cache's epoch on, one before it is seen here
    boolean cacheable = in.generation() == keys.generation();
    return ViewReads.readable(redis, in, id).map(view -> {
      if (view != null && cache != null && cacheable) {
        cache.offer(view, epoch);
      }
      return view;
    });
  }

  /** What a feed message is to this reader. */
  enum Heard {
    /** Of the generation it follows (or of none: the views were forgotten). */
    FOLLOWED,
    /** Of a later generation, which it follows from now on (a switch, or a batch of one missed). */
    MOVED,
    /** A batch of an older generation: a writer that has not noticed a switch yet; to be ignored. */
    OLDER
  }

  /**
   * Takes in which generation {@code message} is of. A batch of an older generation than the one
   * followed is to be ignored: its writer missed a switch (its lock lost and taken back while the
   * switch was in flight, or a stall past its fence) and starts again on the live one; announcements
   * of the old one must not wake reads that then read the new one, nor reach the cache. A batch of
   * a later one moves this reader forward first, as its switch would have.
   */
  synchronized Heard hear(FeedMessage message) {
    if (message.viewsForgotten()) {
      return Heard.FOLLOWED;
    }
    if (message.generation() < keys.generation()) {
      return Heard.OLDER;
    }
    return follow(message.generation()) ? Heard.MOVED : Heard.FOLLOWED;
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
   * The projection switched the live generation: read its keys from now on, and empty the cache
   * (a view the rebuild repaired at the same version would otherwise stay: the cache only moves
   * forward). Only forward: a GET answered before a switch can arrive after its announcement, and
   * a flushed generation key reads as 0 until the writer sets it again. True when it moved.
   */
  synchronized boolean follow(long generation) {
    if (generation <= keys.generation()) {
      return false;
    }
    keys = keys.at(generation);
    if (cache != null) {
      cache.switched();
    }
    return true;
  }

  long generation() {
    return keys.generation();
  }

  /** The keys of the generation it follows. */
  ViewKeys keys() {
    return keys;
  }

  /** The keys of generation {@code number} under this reader's prefix. */
  ViewKeys keysOf(long number) {
    return keys.at(number);
  }

  /** The point the followed generation's views cover, and that generation's keys. */
  Future<Coverage> checkpoint() {
    ViewKeys in = keys;
    return ViewReads.checkpoint(redis, in).map(point -> new Coverage(in, point));
  }

  /** How far the views of one generation reach. */
  record Coverage(ViewKeys keys, Checkpoint checkpoint) {
  }

  static boolean isMessage(Response push) {
    return push != null && push.size() == 3 && "message".equals(push.get(0).toString());
  }
}

package ledger.query;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.ViewKeys;

/**
 * One partition's views as this process follows them: their reader (with the partition's live
 * generation), its share of the view cache, the reads waiting on its checkpoint or its views,
 * the balance streams of its accounts and the subscription to its feed channel. A partition is
 * a whole read model of its own (read-model {@code Partitioning}), so nothing here looks at
 * another partition: its announcements, its checkpoint and a lost subscription concern its
 * accounts only.
 */
final class ViewPartition {

  private final ViewReader reader;
  private final ViewCache cache;
  private final TokenWaits waits;
  private final BalanceStreams streams = new BalanceStreams();
  private final ViewFeed feed;

  /** {@code cacheSize} 0 reads every view from Redis. */
  ViewPartition(Vertx vertx, Redis redis, ViewKeys keys, int cacheSize, StoreReplays replays,
                FeedLiveness liveness, QueryObserver observer) {
    cache = cacheSize > 0 ? new ViewCache(cacheSize) : null;
    reader = new ViewReader(redis, keys, cache);
    waits = new TokenWaits(vertx, reader, replays, observer);
    feed = new ViewFeed(vertx, redis, keys.feedChannel(), this::onFeed,
        () -> cache != null || waits.waiting() > 0 || streams.live() > 0,
        this::onSubscribed, this::onLost, liveness);
  }

  private void onFeed(FeedMessage message) {
    // A switch (or a batch of a later generation) moves the reader to the live generation's
    // keys and empties the cache; a batch of an older one, from a writer that missed the
    // switch, is ignored (docs/storage.md, "Rebuilding every view").
    ViewReader.Heard heard = reader.hear(message);
    if (heard == ViewReader.Heard.OLDER) {
      return;
    }
    // The cache first: a read that this batch wakes may be answered from it.
    if (cache != null) {
      cache.offer(message);
    }
    waits.onFeed(message);
    streams.onFeed(message);
    if (heard == ViewReader.Heard.MOVED) {
      // the old generation's views stop moving, and are then removed: look again in the new one
      waits.recheckAll();
    }
    if (message.viewsForgotten()) {
      // The views were another database's: what streams sent and waiters saw may not exist here.
      waits.recheckAll();
      streams.failAll(new LedgerException(Reason.BACKEND_UNAVAILABLE, "the read views were rebuilt for a"
          + " replaced database; open the stream again"));
    }
  }

  private void onSubscribed() {
    // Announcements flow again; what was published while they did not is gone, so the
    // cache starts empty and every waiting read and stream reads again.
    if (cache != null) {
      cache.resume();
    }
    waits.recheckAll();
    streams.resync();
    // a switch announced while the feed was down is not heard: ask which generation is live
    reader.refreshGeneration().onComplete(refreshed -> waits.recheckAll());
  }

  private void onLost() {
    if (cache != null) {
      cache.suspend();
    }
  }

  /** Reads which generation is live. */
  Future<?> refreshGeneration() {
    return reader.refreshGeneration();
  }

  /** Subscribes to the partition's feed. */
  Future<Void> subscribe() {
    return feed.open();
  }

  Future<Void> close() {
    return feed.close();
  }

  TokenWaits waits() {
    return waits;
  }

  BalanceStreams streams() {
    return streams;
  }
}

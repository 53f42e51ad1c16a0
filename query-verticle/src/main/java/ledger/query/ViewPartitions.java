package ledger.query;

import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.ConsistencyToken;
import ledger.readmodel.Partitioning;

/**
 * The views of every partition, and which one answers for an account: the partition that
 * holds its view. A token read goes there whole: the version the token names for the account
 * (gapless per stream, so valid whatever the partition), or else the token's commit point,
 * awaited on that partition's own checkpoint. Another partition's checkpoint says nothing of
 * this account's view (each partition's writer moves at its own pace), and its feed never
 * carries it. With one partition this is the single read model of before partitions.
 */
final class ViewPartitions {

  private final Partitioning partitioning;
  private final List<ViewPartition> partitions;

  ViewPartitions(Vertx vertx, Redis redis, QueryConfig config, StoreReplays replays, QueryObserver observer) {
    partitioning = config.partitioning();
    // The cache is shared out evenly: accounts spread evenly over partitions (PartitioningTest).
    int cacheShare = (config.viewCacheSize() + partitioning.count() - 1) / partitioning.count();
    partitions = partitioning.partitions()
        .mapToObj(p -> new ViewPartition(vertx, redis, partitioning.keys(p), cacheShare, replays,
            config.feedLiveness(), observer))
        .toList();
  }

  /** The partition that holds {@code account}'s view. */
  ViewPartition of(AccountId account) {
    return partitions.get(partitioning.of(account));
  }

  /** The account's view, no older than the token ({@link TokenWaits#viewFor}), from its partition. */
  Future<AccountView> viewFor(AccountId id, ConsistencyToken token, long budgetMillis) {
    return of(id).waits().viewFor(id, token, budgetMillis);
  }

  /** Reads which generation is live in every partition. */
  Future<Void> refreshGenerations() {
    return Future.all(partitions.stream().map(ViewPartition::refreshGeneration).toList()).mapEmpty();
  }

  /** Subscribes to every partition's feed. */
  Future<Void> subscribe() {
    return Future.all(partitions.stream().map(ViewPartition::subscribe).toList()).mapEmpty();
  }

  Future<Void> close() {
    return Future.join(partitions.stream().map(ViewPartition::close).toList()).mapEmpty();
  }

  /** Reads waiting for a consistency token, in every partition. */
  int waiting() {
    return partitions.stream().mapToInt(p -> p.waits().waiting()).sum();
  }

  /** Balance streams open, in every partition. */
  int liveStreams() {
    return partitions.stream().mapToInt(p -> p.streams().live()).sum();
  }
}

package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.grpc.ManagedChannel;
import io.vertx.core.Vertx;
import ledger.testkit.GrpcJava;
import ledger.testkit.TcpRelay;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each partition has a feed subscription of its own. When one is dropped and subscribed again,
 * only that partition's cache starts over and only its streams look in the store for what they
 * may have missed: the other partitions' caches keep answering without a Redis read, and their
 * streams go on from their own feeds. The node reaches Redis through a relay that drops the one
 * connection subscribed to partition 0's channel.
 */
class PartitionFeedLossIT {

  private static final int PARTITIONS = 3;
  private static final Duration SETTLE = Duration.ofSeconds(20);

  private static final Vertx RELAY_VERTX = Vertx.vertx();
  private static final TcpRelay REDIS = TcpRelay.to(RELAY_VERTX, "127.0.0.1", TestInfra.redisPort());

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(SETTLE)
      .withNodeRedis(TestInfra.redisOptions().setConnectionString("redis://127.0.0.1:" + REDIS.port()));

  @AfterAll
  static void closeRelay() {
    REDIS.close();
    await(RELAY_VERTX.close());
  }

  @Test
  void a_dropped_feed_subscription_of_one_partition_disturbs_no_other_partition() {
    PartitionWriters partitions = new PartitionWriters(bed, PARTITIONS);
    QueryNode node = bed.startNode(new QueryConfig(SETTLE, "").withPartitions(PARTITIONS));
    QueryClient client = bed.connect(QueryClient.Kind.GRPC_JAVA, node);
    for (int p = 0; p < PARTITIONS; p++) {
      String channel = feedChannel(p);
      until(channel + " is subscribed", SETTLE, () -> bed.redis().subscribers(channel), n -> n == 1);
    }
    String dropped = partitions.accountIn(0, "dropped");
    String kept = partitions.accountIn(1, "kept");
    String streamed = partitions.accountIn(2, "streamed");
    for (String account : new String[] {dropped, kept, streamed}) {
      bed.writer().open(account, "USD", 0);
    }
    partitions.catchUp();
    // Now in the caches of partitions 0 and 1.
    assertThat(client.getBalanceNow(dropped, null).answer().getVersion()).isEqualTo(1);
    assertThat(client.getBalanceNow(kept, null).answer().getVersion()).isEqualTo(1);
    ManagedChannel channel = GrpcJava.channel(node.port());
    try {
      WatchedStream stream = WatchedStream.start(channel, streamed);
      stream.awaitVersion(1, SETTLE);

      // RESP ends the channel's name with CRLF; a heartbeat channel's name goes on after it.
      String subscribedToPartition0 = feedChannel(0) + "\r\n";
      assertThat(REDIS.cutConnectionsThatSent(subscribedToPartition0)).as("partition 0's subscription").isEqualTo(1);
      // The node subscribes again only after it noticed the loss (and stopped trusting partition 0's cache).
      until("partition 0's feed is subscribed again", SETTLE, () -> REDIS.connectionsThatSent(subscribedToPartition0),
          n -> n == 1);

      long viewReads = bed.redis().viewReads();
      assertThat(client.getBalanceNow(kept, null).answer().getVersion()).isEqualTo(1);
      assertThat(bed.redis().viewReads()).as("view reads of partition 1's cached account").isEqualTo(viewReads);
      assertThat(client.getBalanceNow(dropped, null).answer().getVersion()).isEqualTo(1);
      assertThat(bed.redis().viewReads()).as("view reads after partition 0's cache started over")
          .isEqualTo(viewReads + 1);

      bed.writer().deposit(streamed, 100, "announced by partition 2");
      partitions.partition(2).project();
      stream.awaitVersion(2, SETTLE);
      assertThat(stream.versions()).containsExactly(1L, 2L);
    } finally {
      GrpcJava.close(channel);
    }
  }

  private static String feedChannel(int partition) {
    return bed.partitioning(PARTITIONS).keys(partition).feedChannel();
  }
}

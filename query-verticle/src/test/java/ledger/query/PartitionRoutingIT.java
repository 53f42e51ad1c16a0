package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.grpc.ManagedChannel;
import io.vertx.core.Future;
import ledger.readmodel.FeedMessage;
import ledger.store.Checkpoint;
import ledger.testkit.GrpcJava;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A query node over three partitions, each written by its own projection at its own pace. A
 * read goes to the partition that holds the account: a token's commit point is awaited on
 * that partition's checkpoint, with that partition's cache, and a stream hears that
 * partition's feed. A client that wrote A and then B, and reads A with B's token, never sees
 * A below its write while A's partition lags behind B's; a lagging partition holds back no
 * read of another.
 */
class PartitionRoutingIT {

  private static final int PARTITIONS = 3;
  private static final Duration MAX_WAIT = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(20);

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(MAX_WAIT);

  private static PartitionWriters partitions;
  private static QueryNode node;
  private static QueryClient client;

  @BeforeAll
  static void startPartitionedNode() {
    partitions = new PartitionWriters(bed, PARTITIONS);
    node = bed.startNode(new QueryConfig(MAX_WAIT, "").withPartitions(PARTITIONS));
    client = bed.connect(QueryClient.Kind.VERTX, node);
    bed.partitioning(PARTITIONS).partitions().forEach(p -> until("partition " + p + "'s feed is subscribed",
        SETTLE, () -> bed.redis().subscribers(bed.partitioning(PARTITIONS).keys(p).feedChannel()), n -> n == 1));
  }

  @AfterEach
  void everyPartitionCatchesUp() {
    partitions.catchUp();
  }

  @Test
  void a_read_with_the_token_of_a_write_in_another_partition_waits_for_its_own_partition() {
    String a = partitions.accountIn(0, "waits-a");
    String b = partitions.accountIn(1, "waits-b");
    bed.writer().open(a, "USD", 0);
    bed.writer().open(b, "USD", 0);
    partitions.catchUp();
    assertThat(client.getBalanceNow(a, null).answer().getVersion()).isEqualTo(1);
    assertThat(client.getBalanceNow(b, null).answer().getVersion()).isEqualTo(1);

    Checkpoint wroteA = bed.writer().deposit(a, 100, "first");
    Checkpoint wroteB = bed.writer().deposit(b, 100, "then");
    partitions.partition(1).project();
    partitions.partition(2).project();
    Future<Reply<Balance>> readA = client.getBalance(QueryClient.request(a, Tokens.versionToken(b, 2, wroteB)),
        MAX_WAIT);
    Future<Reply<Balance>> readB = client.getBalance(QueryClient.request(b, Tokens.versionToken(a, 2, wroteA)),
        MAX_WAIT);

    // Partition 1 is past A's write too: B's read does not wait for partition 0.
    Reply<Balance> b2 = await(readB, SETTLE);
    assertThat(b2.answer().getVersion()).as(b2.toString()).isEqualTo(2);
    until("A's read waits", SETTLE, node::tokenWaiters, n -> n == 1);
    assertThat(readA.isComplete()).as("A's read, while partition 0 has not applied A's write").isFalse();

    partitions.partition(0).project();
    Reply<Balance> a2 = await(readA, SETTLE);
    assertThat(a2.answer().getVersion()).as(a2.toString()).isEqualTo(2);
    assertThat(a2.answer().getBalanceMinor()).isEqualTo(100);
  }

  @Test
  void a_partition_whose_announcements_lag_never_answers_from_its_cache_for_a_point_another_partition_announced() {
    String a = partitions.accountIn(0, "cached-a");
    String b = partitions.accountIn(1, "cached-b");
    bed.writer().open(a, "USD", 0);
    bed.writer().open(b, "USD", 0);
    partitions.catchUp();
    // A's view at version 1 is in partition 0's cache, current as of the last announcement it heard.
    assertThat(client.getBalanceNow(a, null).answer().getVersion()).isEqualTo(1);

    bed.writer().deposit(a, 100, "first");
    Checkpoint wroteB = bed.writer().deposit(b, 100, "then");
    // Partition 0 has applied A's write in Redis, but its announcement is held back; partition 1's is heard.
    FeedMessage late = partitions.partition(0).projectQuietly();
    partitions.partition(1).project();
    partitions.partition(2).project();
    String tokenOfB = Tokens.versionToken(b, 2, wroteB);
    assertThat(client.getBalanceNow(b, tokenOfB).answer().getVersion()).as("partition 1 announced B").isEqualTo(2);

    Reply<Balance> a2 = client.getBalanceNow(a, tokenOfB);
    assertThat(a2.answer().getVersion()).as(a2.toString()).isEqualTo(2);
    assertThat(a2.answer().getBalanceMinor()).isEqualTo(100);
    partitions.partition(0).announce(late);
  }

  @Test
  void an_account_of_a_partition_with_no_checkpoint_is_answered_from_the_store_while_another_partition_lags() {
    String lagging = partitions.accountIn(0, "store-lagging");
    String unprojected = partitions.accountIn(2, "store-unprojected");
    String other = partitions.accountIn(1, "store-other");
    bed.writer().open(lagging, "USD", 0);
    partitions.catchUp();
    // Partition 2's views and checkpoint are gone, as after a flush of its keys; nothing announced.
    partitions.partition(2).loseEverything();

    bed.writer().open(unprojected, "USD", 0);
    bed.writer().deposit(unprojected, 250, "never projected");
    bed.writer().open(other, "USD", 0);
    Checkpoint wroteOther = bed.writer().deposit(other, 100, "after");
    partitions.partition(1).project();

    Reply<Balance> withToken = client.getBalanceNow(unprojected, Tokens.versionToken(other, 2, wroteOther));
    assertThat(withToken.answer().getVersion()).as(withToken.toString()).isEqualTo(2);
    assertThat(withToken.answer().getBalanceMinor()).isEqualTo(250);
    Reply<Balance> without = client.getBalanceNow(unprojected, null);
    assertThat(without.answer().getVersion()).as(without.toString()).isEqualTo(2);
  }

  @Test
  void a_balance_stream_follows_the_feed_of_its_accounts_partition_only() {
    String watched = partitions.accountIn(2, "stream-watched");
    bed.writer().open(watched, "USD", 0);
    partitions.catchUp();
    ManagedChannel channel = GrpcJava.channel(node.port());
    try {
      WatchedStream stream = WatchedStream.start(channel, watched);
      stream.awaitVersion(1, SETTLE);

      bed.writer().deposit(watched, 100, "announced by partition 2 alone");
      partitions.partition(2).project();
      stream.awaitVersion(2, SETTLE);

      partitions.partition(0).project();
      partitions.partition(1).project();
      bed.writer().deposit(watched, 100, "again");
      partitions.partition(2).project();
      stream.awaitVersion(3, SETTLE);
      assertThat(stream.versions()).containsExactly(1L, 2L, 3L);
      assertThat(stream.updates().get(2).getBalance().getBalanceMinor()).isEqualTo(200);
    } finally {
      GrpcJava.close(channel);
    }
  }
}

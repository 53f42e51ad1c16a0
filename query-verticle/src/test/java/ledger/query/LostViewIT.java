package ledger.query;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import ledger.store.Checkpoint;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis views can be lost (a deleted hash, a flush) with no write coming to bring them back.
 * Until the projection repairs them, the query role answers an account that exists in the
 * event store from a replay of its events, never NOT_FOUND and never a wait that times out.
 * Each test reads through a node started after the loss, so that nothing it holds in memory
 * answers for Redis.
 */
class LostViewIT {

  private static final Duration MAX_WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(MAX_WAIT);

  private static Balance truth(String account) {
    StoreWriter writer = bed.writer();
    return writer.expectedBalance(account, writer.stored(account).get((int) writer.head(account) - 1));
  }

  /** Reads {@code account} every way a caller can and expects its true state each time. */
  private static void everyReadAnswersTheTruth(QueryClient.Kind kind, String account, String ownToken,
                                               String othersToken) {
    QueryNode cold = bed.startNode(MAX_WAIT);
    QueryClient client = bed.connect(kind, cold);
    Balance truth = truth(account);
    for (String token : new String[] {"", ownToken, othersToken}) {
      Reply<Balance> reply = client.getBalanceNow(account, token);
      assertThat(reply.ok()).as("token \"%s\": %s", token, reply).isTrue();
      assertThat(reply.value()).as("token \"%s\"", token).isEqualTo(truth);
    }
    assertThat(FirstUpdate.of(cold, account, "")).as("a stream's first message").isEqualTo(truth);
    assertThat(FirstUpdate.of(cold, account, ownToken)).as("a stream's first message with a token")
        .isEqualTo(truth);
    Reply<Balance> unknown = client.getBalanceNow("nobody-" + kind, othersToken);
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(GrpcStatus.NOT_FOUND);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_deleted_view_with_no_write_since_is_answered_from_the_event_store(QueryClient.Kind kind) {
    String account = "deleted-" + kind;
    StoreWriter writer = bed.writer();
    writer.open(account, "USD", 500);
    writer.deposit(account, 1_000, "pay");
    writer.withdraw(account, 1_250, "rent");
    Checkpoint written = writer.freeze(account, "audit");
    Checkpoint elsewhere = writer.open("elsewhere-" + kind, "USD", 0);
    bed.projection().project();

    bed.projection().loseView(account);

    everyReadAnswersTheTruth(kind, account, Tokens.versionToken(account, 4, written),
        Tokens.versionToken("elsewhere-" + kind, 1, elsewhere));
  }

  @Test
  void after_a_flush_of_the_views_and_checkpoint_with_no_write_since_reads_answer_the_true_states() {
    StoreWriter writer = bed.writer();
    writer.open("flushed-a", "EUR", 0);
    writer.open("flushed-b", "EUR", 0);
    writer.deposit("flushed-a", 700, "in");
    Checkpoint written = writer.transfer("flushed-a", "flushed-b", 300, "split");
    bed.projection().project();

    bed.projection().loseEverything();

    String token = Tokens.token(Map.of("flushed-a", 3L, "flushed-b", 2L), written);
    everyReadAnswersTheTruth(QueryClient.Kind.GRPC_JAVA, "flushed-a", token, token);
    everyReadAnswersTheTruth(QueryClient.Kind.VERTX, "flushed-b", token,
        Tokens.versionToken("flushed-a", 3, written));
  }

  @Test
  void while_the_views_are_lost_reads_racing_writes_answer_at_least_what_their_token_says() {
    // Every read of the lost view is answered from the store while writes go on: reads of one
    // account share replays, and none may get one older than its token (StoreReplaysIT).
    String account = "racing";
    StoreWriter writer = bed.writer();
    writer.open(account, "USD", 0);
    writer.open("racing-other", "USD", 0);
    bed.projection().project();
    bed.projection().loseEverything();
    QueryClient client = bed.connect(QueryClient.Kind.VERTX, bed.startNode(MAX_WAIT));

    record Written(long version, Checkpoint point) {
    }
    record Read(long floor, Future<Reply<Balance>> reply) {
    }
    AtomicReference<Written> latest = new AtomicReference<>(new Written(1, Checkpoint.START));
    CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
      for (long version = 2; version <= 60; version++) {
        latest.set(new Written(version, writer.deposit(account, 100, "unprojected " + version)));
      }
    });
    List<Read> reads = new ArrayList<>();
    while (!writes.isDone()) {
      Written written = latest.get();
      String own = Tokens.versionToken(account, written.version(), written.point());
      String others = Tokens.versionToken("racing-other", 1, written.point());
      reads.add(new Read(written.version(), client.getBalance(account, own)));
      reads.add(new Read(written.version(), client.getBalance(account, others)));
      // a window of reads in flight, so that they spread over the writes
      await(reads.get(Math.max(0, reads.size() - 16)).reply(), MAX_WAIT.plusSeconds(5));
    }
    writes.join();

    SoftAssertions.assertSoftly(softly -> reads.forEach(read -> {
      Reply<Balance> reply = await(read.reply(), MAX_WAIT.plusSeconds(5));
      softly.assertThat(reply.ok()).as(reply.toString()).isTrue();
      if (reply.ok()) {
        softly.assertThat(reply.value().getVersion()).as("written up to %d: %s", read.floor(), reply)
            .isGreaterThanOrEqualTo(read.floor());
        softly.assertThat(reply.value().getBalanceMinor()).isEqualTo((reply.value().getVersion() - 1) * 100);
      }
    }));
  }
}

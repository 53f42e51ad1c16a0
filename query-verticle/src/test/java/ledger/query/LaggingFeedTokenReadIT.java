package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.vertx.core.Future;
import ledger.readmodel.FeedMessage;
import ledger.store.Checkpoint;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that keeps only its latest token reads accounts that token does not name, while
 * the feed delivers announcements late (in order, in bursts) and a view cache of four
 * entries evicts all the time: every answer is at least what the client wrote before the
 * token, whichever of the cache, Redis or the announcements it comes from.
 */
class LaggingFeedTokenReadIT {

  private static final Duration MAX_WAIT = Duration.ofSeconds(30);
  private static final int ACCOUNTS = 12;
  private static final int ROUNDS = 100;
  private static final long DEPOSIT = 100;

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(MAX_WAIT);

  private static String account(int i) {
    return "lagging-" + i;
  }

  private record Read(String account, long floor, Future<Reply<Balance>> reply) {
  }

  @Test
  void reads_with_the_latest_token_never_answer_below_it_while_announcements_lag_and_the_cache_evicts() {
    QueryNode node = bed.startNode(QueryConfig.defaults("").withViewCacheSize(4));
    QueryClient client = bed.connect(QueryClient.Kind.VERTX, node);
    until("both nodes listen to the feed", MAX_WAIT, bed::feedSubscribers, n -> n == 2);
    long[] versions = new long[ACCOUNTS];
    for (int a = 0; a < ACCOUNTS; a++) {
      bed.writer().open(account(a), "USD", 0);
      versions[a] = 1;
    }
    bed.projection().project();

    Random random = new Random(8);
    List<FeedMessage> late = new ArrayList<>();
    List<Read> reads = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      int written = random.nextInt(ACCOUNTS);
      Checkpoint committed = bed.writer().deposit(account(written), DEPOSIT, "round " + round);
      String token = Tokens.versionToken(account(written), ++versions[written], committed);
      late.add(bed.projection().projectQuietly());
      if (random.nextInt(4) == 0) {
        late.forEach(bed.projection()::announce);
        late.clear();
      }
      for (int r = 0; r < 2; r++) {
        int read = (written + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        reads.add(new Read(account(read), versions[read], client.getBalance(account(read), token)));
      }
    }
    late.forEach(bed.projection()::announce);

    SoftAssertions.assertSoftly(softly -> reads.forEach(read -> {
      Reply<Balance> reply = await(read.reply(), MAX_WAIT);
      softly.assertThat(reply.ok()).as(reply.toString()).isTrue();
      if (reply.ok()) {
        softly.assertThat(reply.value().getVersion()).as("%s, written up to version %d before the token: %s",
            read.account(), read.floor(), reply).isGreaterThanOrEqualTo(read.floor());
        softly.assertThat(reply.value().getBalanceMinor()).as(reply.toString())
            .isEqualTo((reply.value().getVersion() - 1) * DEPOSIT);
      }
    }));
  }
}

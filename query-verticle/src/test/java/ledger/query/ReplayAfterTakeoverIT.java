package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.grpc.ManagedChannel;
import io.vertx.core.Future;
import ledger.testkit.GrpcJava;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import ledger.v1.BalanceUpdate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A projection writer that wrote views and died before its checkpoint leaves them ahead of
 * it, and the writer that takes over replays those events. The replay used to announce them
 * as the later state with each earlier event laid over it: a freeze at version 3 showing the
 * balance of version 5. Balance streams sent those states and waiting reads answered with
 * them; through the query role, every version must show what the account truly was.
 */
class ReplayAfterTakeoverIT {

  private static final Duration MAX_WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(MAX_WAIT);

  @Test
  void a_stream_and_a_read_waiting_for_a_version_see_only_true_states_through_a_replay_after_a_takeover() {
    String account = "taken-over";
    StoreWriter writer = bed.writer();
    writer.open(account, "USD", 0);
    writer.deposit(account, 100, "first");
    bed.projection().project();
    ManagedChannel channel = GrpcJava.channel(bed.node().port());
    try {
      WatchedStream stream = WatchedStream.start(channel, account);
      stream.awaitAtLeast(1, MAX_WAIT);
      Future<Reply<Balance>> read = bed.client(QueryClient.Kind.GRPC_JAVA)
          .getBalance(account, Tokens.versionToken(account, 3, writer.freeze(account, "audit")));
      until("the read is waiting", MAX_WAIT, bed.node()::tokenWaiters, n -> n == 1);
      writer.unfreeze(account, "cleared");
      writer.deposit(account, 50, "second");
      bed.projection().projectThenDieBeforeCheckpoint(3);
      writer.withdraw(account, 20, "cash");

      assertThat(bed.projection().project()).as("feed subscribers").isEqualTo(1);

      Balance answer = await(read).answer();
      stream.awaitAtLeast(5, MAX_WAIT);
      List<BalanceUpdate> streamed = stream.updates();
      SoftAssertions.assertSoftly(softly -> {
        softly.assertThat(answer).as("the waiting read's answer").isEqualTo(truthAt(account, answer.getVersion()));
        softly.assertThat(streamed).extracting(update -> update.getBalance().getVersion())
            .containsExactly(2L, 3L, 4L, 5L, 6L);
        streamed.forEach(update -> softly.assertThat(update.getBalance()).as("streamed")
            .isEqualTo(truthAt(account, update.getBalance().getVersion())));
      });
    } finally {
      GrpcJava.close(channel);
    }
  }

  private static Balance truthAt(String account, long version) {
    return bed.writer().expectedBalance(account, bed.writer().stored(account).get((int) version - 1));
  }
}

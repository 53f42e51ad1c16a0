package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.throughout;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vertx.core.Future;
import ledger.store.Checkpoint;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A read holding a consistency token waits, without polling, until the view reflects the
 * write: by the account's stream version when the token names the account, by the
 * checkpoint in commit order when it does not.
 */
class TokenWaitIT {

  private static final Duration MAX_WAIT = Duration.ofSeconds(5);
  /** Long enough for a wrongly woken read to have answered; short beside MAX_WAIT. */
  private static final Duration STILL_WAITING = Duration.ofMillis(100);

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(MAX_WAIT);

  @BeforeEach
  void noReadLeftWaiting() {
    until("no read left waiting from an earlier test", MAX_WAIT.plusSeconds(2), bed.node()::tokenWaiters,
        n -> n == 0);
  }

  /** Opens the account and deposits 12.50 until it is at {@code version}; returns the last write's commit point. */
  private static Checkpoint accountAt(String account, long version) {
    Checkpoint written = bed.writer().open(account, "USD", 0);
    for (long v = 2; v <= version; v++) {
      written = bed.writer().deposit(account, 1_250, "deposit " + v);
    }
    return written;
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_read_waits_for_the_version_its_token_names_and_answers_with_that_version(QueryClient.Kind kind) {
    String account = "by-version-" + kind;
    accountAt(account, 4);
    bed.projection().project();
    String token = Tokens.versionToken(account, 5, bed.writer().deposit(account, 1_250, "deposit 5"));

    Future<Reply<Balance>> read = bed.client(kind).getBalance(account, token);
    until("the read is waiting", Duration.ofSeconds(5), bed.node()::tokenWaiters, n -> n == 1);
    throughout(STILL_WAITING, () -> assertThat(read.isComplete())
        .as("answered before version 5 was projected: %s", read.result()).isFalse());

    assertThat(bed.projection().project()).as("feed subscribers").isEqualTo(1);
    Reply<Balance> reply = await(read);

    assertThat(reply.answer().getVersion()).as(reply.toString()).isEqualTo(5);
    assertThat(reply.value().getBalanceMinor()).isEqualTo(5_000);
    assertThat(reply.elapsedMillis()).isGreaterThanOrEqualTo(STILL_WAITING.toMillis());
    until("the waiter is gone", Duration.ofSeconds(1), bed.node()::tokenWaiters, n -> n == 0);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void an_announcement_below_the_tokens_version_does_not_answer_the_read(QueryClient.Kind kind) {
    String account = "below-version-" + kind;
    accountAt(account, 3);
    bed.projection().project();
    bed.writer().deposit(account, 1_250, "deposit 4");
    String token = Tokens.versionToken(account, 5, bed.writer().deposit(account, 1_250, "deposit 5"));
    bed.writer().deposit(account, 1_250, "deposit 6");

    Future<Reply<Balance>> read = bed.client(kind).getBalance(account, token);
    until("the read is waiting", Duration.ofSeconds(5), bed.node()::tokenWaiters, n -> n == 1);
    bed.projection().project(1);
    throughout(STILL_WAITING, () -> assertThat(read.isComplete())
        .as("answered with version 4: %s", read.result()).isFalse());

    bed.projection().project(2);
    Reply<Balance> reply = await(read);

    assertThat(reply.answer().getVersion()).as(reply.toString()).isGreaterThanOrEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_read_answers_at_once_when_the_view_already_covers_its_token(QueryClient.Kind kind) {
    String account = "covered-" + kind;
    String token = Tokens.versionToken(account, 5, accountAt(account, 5));
    bed.writer().deposit(account, 1_250, "deposit 6");
    bed.projection().project();

    Reply<Balance> reply = bed.client(kind).getBalanceNow(account, token);

    // 5 or 6: the node may still be taking in the batch's announcement (v1 to v6, one by one),
    // and either covers the token. (Regression: expecting 6 failed on a busy machine.)
    assertThat(reply.answer().getVersion()).as(reply.toString()).isBetween(5L, 6L);
    assertThat(reply.answer().getBalanceMinor()).as("the balance at that version")
        .isEqualTo((reply.answer().getVersion() - 1) * 1_250);
    assertThat(reply.elapsedMillis()).as("answered at once, not by a last look at the deadline")
        .isLessThan(MAX_WAIT.toMillis() / 2);
    assertThat(bed.node().tokenWaiters()).isZero();
  }

  /**
   * An older transaction commits after the token's and writes at a higher position: in commit
   * order (transaction first) that older write is still before the token, though its position
   * is beyond the token's.
   */
  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_read_of_an_account_the_token_does_not_name_waits_for_the_tokens_commit_point(QueryClient.Kind kind) {
    String written = "written-" + kind;
    String other = "other-" + kind;
    accountAt(written, 2);
    accountAt(other, 2);
    bed.projection().project();
    Checkpoint[] deposited = new Checkpoint[1];
    Checkpoint older = bed.writer().openAround("older-" + kind, "USD",
        () -> deposited[0] = bed.writer().deposit(written, 1_250, "deposit 3"));
    assertThat(older).as("before the token in commit order").isLessThan(deposited[0]);
    assertThat(older.globalPosition()).as("beyond the token in position")
        .isGreaterThan(deposited[0].globalPosition());
    String token = Tokens.versionToken(written, 3, deposited[0]);
    bed.writer().deposit(other, 1_250, "deposit 3");

    Future<Reply<Balance>> read = bed.client(kind).getBalance(other, token);
    until("the read is waiting", Duration.ofSeconds(5), bed.node()::tokenWaiters, n -> n == 1);
    throughout(STILL_WAITING, () -> assertThat(read.isComplete())
        .as("answered before the commit point: %s", read.result()).isFalse());

    assertThat(bed.projection().project(1)).as("feed subscribers of the older transaction's batch").isEqualTo(1);
    throughout(STILL_WAITING, () -> assertThat(read.isComplete())
        .as("compared positions, not commit order: %s", read.result()).isFalse());

    bed.projection().project();
    Reply<Balance> reply = await(read);

    assertThat(reply.value().getAccountId()).isEqualTo(other);
    assertThat(reply.answer().getVersion()).as(reply.toString()).isEqualTo(3);
  }

  /** Covered in commit order although the token's position is beyond the checkpoint's (see the test above). */
  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_read_of_an_account_the_token_does_not_name_answers_at_once_when_the_checkpoint_covers_it(
      QueryClient.Kind kind) {
    String other = "checkpointed-" + kind;
    accountAt(other, 3);
    Checkpoint[] written = new Checkpoint[1];
    Checkpoint elsewhere = bed.writer().openAround("elsewhere-" + kind, "USD",
        () -> written[0] = bed.writer().deposit(other, 1_250, "deposit 4"));
    bed.projection().projectQuietly();
    String token = Tokens.versionToken("elsewhere-" + kind, 1, elsewhere);
    assertThat(elsewhere.globalPosition()).as("the token's position").isGreaterThan(written[0].globalPosition());

    Reply<Balance> reply = bed.client(kind).getBalanceNow(other, token);

    assertThat(reply.answer().getVersion()).as(reply.toString()).isEqualTo(4);
    assertThat(reply.elapsedMillis()).as("answered from the checkpoint key, not by a last look at the deadline")
        .isLessThan(MAX_WAIT.toMillis() / 2);
  }
}

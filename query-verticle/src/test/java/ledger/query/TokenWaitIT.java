package ledger.query;

import static ledger.query.ProjectionDouble.accountAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vertx.core.Future;
import ledger.store.Checkpoint;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A read holding a consistency token waits, without polling, until the view reflects the
 * write: by the account's stream version when the token names the account, by the
 * checkpoint in commit order when it does not.
 */
class TokenWaitIT {

  private static final String PREFIX = TestInfra.freshPrefix("token_wait");
  private static final Duration MAX_WAIT = Duration.ofSeconds(5);
  /** Long enough for a wrongly woken read to have answered; short beside MAX_WAIT. */
  private static final Duration STILL_WAITING = Duration.ofMillis(100);
  private static QueryHarness harness;
  private static QueryNode node;
  private static ProjectionDouble projection;
  /** The projection only moves forward: every test works in commit points above all earlier ones. */
  private static long era;

  @BeforeAll
  static void start() {
    harness = QueryHarness.start(PREFIX, MAX_WAIT);
    node = harness.node;
    projection = harness.projection;
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void nextEra() {
    era += 1_000_000;
    Blocking.until("no read left waiting from an earlier test", Duration.ofSeconds(MAX_WAIT.toSeconds() + 2),
        () -> node.tokenWaiters() == 0);
  }

  private static Checkpoint at(long transaction, long position) {
    return new Checkpoint(era + transaction, era + position);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_read_waits_for_the_version_its_token_names_and_answers_with_that_version(QueryClient.Kind kind) {
    String account = "by-version-" + kind;
    projection.apply(at(10, 4), accountAt(account, 4));
    String token = Tokens.versionToken(account, 5, at(11, 5));

    Future<Reply> read = harness.client(kind).getBalance(account, token);
    Blocking.until("the read is waiting", Duration.ofSeconds(5), () -> node.tokenWaiters() == 1);
    Blocking.pause(STILL_WAITING);
    assertThat(read.isComplete()).as("answered before version 5 was projected: %s", read.result()).isFalse();

    assertThat(projection.apply(at(11, 5), accountAt(account, 5))).as("feed subscribers").isEqualTo(1);
    Reply reply = Blocking.await(read);

    assertThat(reply.version()).as(reply.toString()).isEqualTo(5);
    assertThat(reply.balance().getBalanceMinor()).isEqualTo(5_000);
    assertThat(reply.elapsedMillis()).isGreaterThanOrEqualTo(STILL_WAITING.toMillis());
    Blocking.until("the waiter is gone", Duration.ofSeconds(1), () -> node.tokenWaiters() == 0);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void an_announcement_below_the_tokens_version_does_not_answer_the_read(QueryClient.Kind kind) {
    String account = "below-version-" + kind;
    projection.apply(at(10, 3), accountAt(account, 3));
    String token = Tokens.versionToken(account, 5, at(12, 5));

    Future<Reply> read = harness.client(kind).getBalance(account, token);
    Blocking.until("the read is waiting", Duration.ofSeconds(5), () -> node.tokenWaiters() == 1);
    projection.apply(at(11, 4), accountAt(account, 4));
    Blocking.pause(STILL_WAITING);
    assertThat(read.isComplete()).as("answered with version 4: %s", read.result()).isFalse();

    projection.apply(at(12, 6), accountAt(account, 5), accountAt(account, 6));
    Reply reply = Blocking.await(read);

    assertThat(reply.version()).as(reply.toString()).isGreaterThanOrEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_read_answers_at_once_when_the_view_already_covers_its_token(QueryClient.Kind kind) {
    String account = "covered-" + kind;
    projection.apply(at(20, 6), accountAt(account, 6));
    String token = Tokens.versionToken(account, 5, at(19, 5));

    Reply reply = harness.client(kind).getBalanceNow(account, token);

    assertThat(reply.version()).as(reply.toString()).isEqualTo(6);
    assertThat(reply.elapsedMillis()).as("answered at once, not by a last look at the deadline")
        .isLessThan(MAX_WAIT.toMillis() / 2);
    assertThat(node.tokenWaiters()).isZero();
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_read_of_an_account_the_token_does_not_name_waits_for_the_tokens_commit_point(QueryClient.Kind kind) {
    String written = "written-" + kind;
    String other = "other-" + kind;
    projection.apply(at(100, 50), accountAt(written, 2), accountAt(other, 2));
    String token = Tokens.versionToken(written, 3, at(120, 61));

    Future<Reply> read = harness.client(kind).getBalance(other, token);
    Blocking.until("the read is waiting", Duration.ofSeconds(5), () -> node.tokenWaiters() == 1);
    Blocking.pause(STILL_WAITING);
    assertThat(read.isComplete()).as("answered before the commit point: %s", read.result()).isFalse();

    // A higher position in an earlier transaction is still before the token in commit order.
    projection.apply(at(110, 70), accountAt(written, 3));
    Blocking.pause(STILL_WAITING);
    assertThat(read.isComplete()).as("compared positions, not commit order: %s", read.result()).isFalse();

    projection.apply(at(120, 61), accountAt(other, 3));
    Reply reply = Blocking.await(read);

    assertThat(reply.balance().getAccountId()).isEqualTo(other);
    assertThat(reply.version()).as(reply.toString()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_read_of_an_account_the_token_does_not_name_answers_at_once_when_the_checkpoint_covers_it(
      QueryClient.Kind kind) {
    String other = "checkpointed-" + kind;
    projection.store(accountAt(other, 4));
    projection.storeCheckpoint(at(200, 80));
    String token = Tokens.versionToken("elsewhere-" + kind, 9, at(150, 99));

    Reply reply = harness.client(kind).getBalanceNow(other, token);

    assertThat(reply.version()).as(reply.toString()).isEqualTo(4);
    assertThat(reply.elapsedMillis()).as("answered from the checkpoint key, not by a last look at the deadline")
        .isLessThan(MAX_WAIT.toMillis() / 2);
  }
}

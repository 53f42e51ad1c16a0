package ledger.command;

import static ledger.command.Requests.deposit;
import static ledger.command.Requests.open;
import static ledger.command.Requests.withdraw;
import static ledger.command.Versions.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ledger.command.CommandClient.Kind;
import ledger.command.LedgerTables.Counts;
import ledger.testkit.Reply;
import ledger.v1.CommandResult;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A command_id executes once: every repeat, however late and from whichever client, gets the first result. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyIT {

  @RegisterExtension
  static final LedgerFixture ledger = new LedgerFixture();
  private CommandNode node;
  private CommandClient vertx;
  private CommandClient grpcJava;

  @BeforeAll
  void start() {
    node = ledger.startNode();
    vertx = ledger.client(Kind.VERTX, node);
    grpcJava = ledger.client(Kind.GRPC_JAVA, node);
  }

  @Test
  void the_same_deposit_sent_twenty_times_ten_at_once_appends_one_event_and_always_answers_the_same_result()
      throws Exception {
    String account = "idem";
    assertThat(vertx.openAccount(open("idem-open", account, "USD", 0)).ok()).isTrue();
    DepositRequest request = deposit("idem-d1", account, 500, "USD");
    List<CommandClient> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      burst.add(ledger.client(i % 2 == 0 ? Kind.VERTX : Kind.GRPC_JAVA, node));
    }

    List<Reply<CommandResult>> replies = new ArrayList<>(Concurrently.call(burst, c -> c.deposit(request)));
    for (int i = 0; i < 10; i++) {
      replies.add((i % 2 == 0 ? grpcJava : vertx).deposit(request));
    }

    assertThat(replies).hasSize(20);
    Idempotency.assertOneExecution(replies, account, 2);
    assertThat(ledger.tables.eventsWrittenBy("idem-d1")).as("events of the command").isEqualTo(1);
    assertThat(ledger.tables.commandRows("idem-d1")).as("rows in ledger.commands").isEqualTo(1);
    assertThat(ledger.tables.events(account)).hasSize(2);
    assertThat(ledger.tables.foldedBalance(account)).isEqualTo(500);
  }

  @Test
  void a_repeat_after_later_commands_returns_the_original_result_at_the_original_version() {
    String account = "late";
    vertx.openAccount(open("late-open", account, "USD", 0));
    Reply<CommandResult> original = vertx.deposit(deposit("late-d1", account, 100, "USD"));
    assertThat(versionOf(original, account)).isEqualTo(2);
    assertThat(versionOf(grpcJava.deposit(deposit("late-d2", account, 30, "USD")), account)).isEqualTo(3);
    assertThat(versionOf(grpcJava.withdraw(withdraw("late-w1", account, 20, "USD")), account)).isEqualTo(4);
    Counts before = ledger.tables.counts();

    Idempotency.assertRepeatOf(original.value(), grpcJava.deposit(deposit("late-d1", account, 100, "USD")));
    Idempotency.assertRepeatOf(original.value(), vertx.deposit(deposit("late-d1", account, 100, "USD")));

    assertThat(ledger.tables.counts()).isEqualTo(before);
    assertThat(ledger.tables.foldedBalance(account)).isEqualTo(110);
  }

  @Test
  void a_repeated_withdrawal_returns_its_original_result_even_once_the_funds_are_gone() {
    String account = "spent";
    vertx.openAccount(open("spent-open", account, "USD", 0));
    vertx.deposit(deposit("spent-d1", account, 100, "USD"));
    Reply<CommandResult> original = vertx.withdraw(withdraw("spent-w1", account, 80, "USD"));
    assertThat(versionOf(original, account)).isEqualTo(3);
    assertThat(versionOf(vertx.withdraw(withdraw("spent-w2", account, 20, "USD")), account)).isEqualTo(4);
    Counts before = ledger.tables.counts();

    // 80 more would now be INSUFFICIENT_FUNDS: the repeat must still be the first answer.
    Idempotency.assertRepeatOf(original.value(), grpcJava.withdraw(withdraw("spent-w1", account, 80, "USD")));
    Idempotency.assertRepeatOf(original.value(), vertx.withdraw(withdraw("spent-w1", account, 80, "USD")));

    assertThat(ledger.tables.counts()).isEqualTo(before);
  }

  @Test
  void a_repeated_deposit_with_an_expected_version_returns_its_original_result_not_a_version_mismatch() {
    String account = "versioned";
    vertx.openAccount(open("versioned-open", account, "USD", 0));
    DepositRequest atVersionOne = deposit("versioned-d1", account, 5, "USD").toBuilder().setExpectedVersion(1).build();
    Reply<CommandResult> original = vertx.deposit(atVersionOne);
    assertThat(versionOf(original, account)).isEqualTo(2);
    Counts before = ledger.tables.counts();

    Idempotency.assertRepeatOf(original.value(), grpcJava.deposit(atVersionOne));
    Idempotency.assertRepeatOf(original.value(), vertx.deposit(atVersionOne));

    assertThat(ledger.tables.counts()).isEqualTo(before);
  }

  @Test
  void a_repeated_open_account_returns_the_original_result_not_already_exists() {
    String account = "opened-once";
    OpenAccountRequest request = open("opened-once-open", account, "CHF", 250);
    Reply<CommandResult> original = grpcJava.openAccount(request);
    assertThat(versionOf(original, account)).isEqualTo(1);
    assertThat(original.value().getDeduplicated()).isFalse();
    assertThat(versionOf(vertx.deposit(deposit("opened-once-d1", account, 5, "CHF")), account)).isEqualTo(2);
    Counts before = ledger.tables.counts();

    Idempotency.assertRepeatOf(original.value(), vertx.openAccount(request));
    Idempotency.assertRepeatOf(original.value(), grpcJava.openAccount(request));

    assertThat(ledger.tables.counts()).isEqualTo(before);
    assertThat(ledger.tables.commandRows("opened-once-open")).isEqualTo(1);
  }
}

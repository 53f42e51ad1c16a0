package ledger.command;

import static ledger.command.Requests.deposit;
import static ledger.command.Requests.freeze;
import static ledger.command.Requests.open;
import static ledger.command.Requests.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import ledger.command.CallersApi.Answer;
import ledger.command.LedgerTables.Counts;
import ledger.domain.Reason;
import ledger.v1.CommandResult;
import ledger.v1.DepositRequest;
import ledger.v1.FreezeAccountRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who did it: the caller's subject is stored with every event its command appends and with the
 * command's record, and only that caller gets the command's result back on a repeat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandSubjectIT {

  private static final String NONE = "(none)";

  @RegisterExtension
  static final LedgerFixture ledger = new LedgerFixture();
  private CallersApi calls;
  private CommandApi api;

  @BeforeAll
  void start() {
    calls = new CallersApi(ledger.database);
    api = calls.api;
  }

  @AfterAll
  void stop() {
    calls.close();
  }

  @Test
  void every_event_a_command_appends_carries_its_callers_subject_both_legs_of_a_transfer_included() {
    calls.call(null, api::openAccount, open("who-open-a", "who-a", "USD", 0)).ok();
    calls.call("svc-onboarding", api::openAccount, open("who-open-b", "who-b", "USD", 0)).ok();
    calls.call("svc-payroll", api::deposit, deposit("who-dep", "who-a", 5_000, "USD")).ok();

    CommandResult moved = calls.call("CN=payments,O=Acme", api::transfer, transfer("who-t", "who-a", "who-b", 1_200,
        "USD")).ok();

    assertThat(moved.getEventsAppended()).isEqualTo(2);
    assertThat(ledger.tables.subjects("who-a")).containsExactly(NONE, "svc-payroll", "CN=payments,O=Acme");
    assertThat(ledger.tables.subjects("who-b")).containsExactly("svc-onboarding", "CN=payments,O=Acme");
    assertThat(ledger.tables.commandSubject("who-t")).isEqualTo("CN=payments,O=Acme");
    assertThat(ledger.tables.commandSubject("who-open-a")).isNull();
  }

  @Test
  void a_repeat_by_the_same_caller_gets_the_first_result_and_changes_nothing_stored() {
    calls.call("alice", api::openAccount, open("same-open", "same", "USD", 0)).ok();
    DepositRequest request = deposit("same-dep", "same", 100, "USD");
    CommandResult first = calls.call("alice", api::deposit, request).ok();
    Counts before = ledger.tables.counts();

    CommandResult again = calls.call("alice", api::deposit, request).ok();

    assertThat(again.getDeduplicated()).isTrue();
    assertThat(again.toBuilder().setDeduplicated(false).setEventsAppended(1).build()).isEqualTo(first);
    assertThat(ledger.tables.counts()).isEqualTo(before);
    assertThat(ledger.tables.subjects("same")).containsExactly("alice", "alice");
  }

  @Test
  void a_repeat_by_another_caller_is_refused_naming_nothing_of_the_first_command_and_stores_nothing() {
    calls.call("alice", api::openAccount, open("other-open", "other", "USD", 0)).ok();
    DepositRequest request = deposit("other-dep", "other", 100, "USD");
    calls.call("alice", api::deposit, request).ok();
    Counts before = ledger.tables.counts();

    List<Answer> strangers = List.of(
        calls.call("mallory", api::deposit, request),
        calls.call(null, api::deposit, request),
        calls.call("mallory", api::deposit, deposit("other-dep", "other", 999, "USD")),
        calls.call("mallory", api::freeze, freeze("other-dep", "other")));

    for (Answer answer : strangers) {
      assertThat(answer.refusal()).as("%s", answer).isNotNull();
      assertThat(answer.refusal().reason()).isEqualTo(Reason.COMMAND_ID_REUSED);
      assertThat(answer.refusal().getMessage()).isEqualTo(
          "command_id other-dep was already used by another caller; choose another");
      assertThat(answer.refusal().rejection().details()).isEqualTo(Map.of("command_id", "other-dep"));
    }
    assertThat(ledger.tables.counts()).isEqualTo(before);
    assertThat(ledger.tables.subjects("other")).containsExactly("alice", "alice");
    assertThat(ledger.tables.commandSubject("other-dep")).isEqualTo("alice");
    assertThat(calls.call("alice", api::deposit, request).ok().getDeduplicated()).as("alice still may").isTrue();
  }

  @Test
  void the_same_caller_reusing_an_id_for_another_request_is_still_told_what_the_first_was() {
    calls.call("alice", api::openAccount, open("mine-open", "mine", "USD", 0)).ok();
    calls.call("alice", api::deposit, deposit("mine-dep", "mine", 100, "USD")).ok();

    Answer reused = calls.call("alice", api::deposit, deposit("mine-dep", "mine", 200, "USD"));

    assertThat(reused.refusal().reason()).isEqualTo(Reason.COMMAND_ID_REUSED);
    assertThat(reused.refusal().rejection().details()).containsEntry("original_command_type", "Deposit");
  }

  @Test
  void a_command_recorded_without_a_subject_belongs_to_nobody_and_any_caller_may_repeat_it() {
    calls.call(null, api::openAccount, open("anon-open", "anon", "USD", 0)).ok();
    DepositRequest request = deposit("anon-dep", "anon", 100, "USD");
    CommandResult first = calls.call(null, api::deposit, request).ok();
    Counts before = ledger.tables.counts();

    CommandResult byAlice = calls.call("alice", api::deposit, request).ok();

    assertThat(byAlice.getDeduplicated()).isTrue();
    assertThat(byAlice.getConsistencyToken()).isEqualTo(first.getConsistencyToken());
    assertThat(ledger.tables.counts()).isEqualTo(before);
    assertThat(ledger.tables.subjects("anon")).containsExactly(NONE, NONE);
    assertThat(ledger.tables.commandSubject("anon-dep")).isNull();
  }

  @Test
  void a_command_that_changes_nothing_records_who_asked_and_only_they_may_repeat_it() {
    calls.call("ops", api::openAccount, open("noop-open", "noop", "USD", 0)).ok();
    calls.call("ops", api::freeze, freeze("noop-f1", "noop")).ok();
    FreezeAccountRequest again = freeze("noop-f2", "noop");

    CommandResult unchanged = calls.call("ops-2", api::freeze, again).ok();

    assertThat(unchanged.getEventsAppended()).isZero();
    assertThat(ledger.tables.commandSubject("noop-f2")).isEqualTo("ops-2");
    assertThat(ledger.tables.subjects("noop")).containsExactly("ops", "ops");
    assertThat(calls.call("ops", api::freeze, again).refusal().reason()).isEqualTo(Reason.COMMAND_ID_REUSED);
    assertThat(calls.call("ops-2", api::freeze, again).ok().getDeduplicated()).isTrue();
  }

  @Test
  void two_callers_racing_with_one_command_id_one_executes_and_the_other_is_refused() throws Exception {
    calls.call(null, api::openAccount, open("race-open", "race", "USD", 0)).ok();
    DepositRequest request = deposit("race-dep", "race", 100, "USD");
    // A second process (its own handler, lanes and cache), so the two appends really meet in PostgreSQL.
    try (CallersApi other = new CallersApi(ledger.database)) {
      CompletableFuture<Answer> bob = CompletableFuture.supplyAsync(() -> other.call("bob", other.api::deposit,
          request));
      Answer alice = calls.call("alice", api::deposit, request);
      List<Answer> answers = new ArrayList<>(List.of(alice, bob.get()));

      assertThat(answers).filteredOn(answer -> answer.refusal() == null).singleElement()
          .satisfies(winner -> assertThat(winner.result().getDeduplicated()).isFalse());
      assertThat(answers).filteredOn(answer -> answer.refusal() != null).singleElement()
          .satisfies(loser -> assertThat(loser.refusal().reason()).isEqualTo(Reason.COMMAND_ID_REUSED));
      String winner = alice.refusal() == null ? "alice" : "bob";
      assertThat(ledger.tables.subjects("race")).containsExactly(NONE, winner);
      assertThat(ledger.tables.commandSubject("race-dep")).isEqualTo(winner);
      assertThat(ledger.tables.foldedBalance("race")).isEqualTo(100);
    }
  }
}

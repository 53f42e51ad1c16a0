package ledger.command;

import static ledger.command.Requests.deposit;
import static ledger.command.Requests.open;
import static ledger.command.Requests.withdraw;
import static ledger.command.Versions.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.vertx.grpc.common.GrpcStatus;
import ledger.command.CommandClient.Kind;
import ledger.command.Hammer.Op;
import ledger.command.LedgerTables.Counts;
import ledger.command.LedgerTables.StoredEvent;
import ledger.testkit.Reply;
import ledger.v1.CommandResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two command instances on one database, each with its own pool, lanes and cache, as two
 * processes would be: only the event store's optimistic concurrency keeps them honest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesConcurrencyIT {

  private static final int CLIENTS_PER_INSTANCE = 16;
  private static final int OPS_PER_CLIENT = 20;
  private static final long OVERDRAFT = 500;

  @RegisterExtension
  static final LedgerFixture ledger = new LedgerFixture();
  private CommandNode a;
  private CommandNode b;
  private CommandClient viaA;
  private CommandClient viaB;

  @BeforeAll
  void start() {
    a = ledger.startNode();
    b = ledger.startNode();
    viaA = ledger.client(Kind.VERTX, a);
    viaB = ledger.client(Kind.GRPC_JAVA, b);
  }

  @Test
  void sixteen_clients_on_each_instance_really_conflict_yet_every_accepted_operation_lands_exactly_once()
      throws Exception {
    String account = "shared";
    List<CommandClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS_PER_INSTANCE; i++) {
      Kind kind = i % 2 == 0 ? Kind.VERTX : Kind.GRPC_JAVA;
      clients.add(ledger.client(kind, a));
      clients.add(ledger.client(kind, b));
    }
    assertThat(viaA.openAccount(open("shared-open", account, "USD", OVERDRAFT)).ok()).isTrue();

    // An ABORTED command is sent again under its command id, as a client should.
    List<Op> ops = Hammer.run(clients, account, "USD", OPS_PER_CLIENT, 100, 120, 3, 9_001);
    Hammer.summarize(account, ops);

    for (Op op : ops) {
      for (Reply<CommandResult> reply : op.replies()) {
        if (reply.status() == GrpcStatus.ABORTED) {
          assertThat(reply.reason()).as("%s", reply).isEqualTo("CONCURRENCY_CONFLICT");
          assertThat(reply.metadata()).as("ABORTED only once retries are exhausted: %s", reply)
              .containsEntry("attempts", Integer.toString(CommandConfig.defaults().maxAttempts()));
        } else if (!reply.ok()) {
          assertThat(reply.status()).as("%s: %s", op, reply).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
          assertThat(reply.reason()).isEqualTo("INSUFFICIENT_FUNDS");
          assertThat(op.withdrawal()).isTrue();
        }
      }
    }
    assertThat(ops).as("accepted operations").anyMatch(op -> op.last().ok());

    StreamAudit.assertStreamHoldsExactlyTheAcceptedOps(ledger.tables, account, "shared-open", OVERDRAFT, ops);

    // Every losing append drew a position from the sequence and rolled back: the gaps
    // prove the two instances did collide on stream versions, and recovered.
    List<StoredEvent> events = ledger.tables.events(account);
    long drawn = events.get(events.size() - 1).globalPosition() - events.get(0).globalPosition() + 1;
    assertThat(drawn - events.size()).as("appends that lost a race and were retried").isPositive();
  }

  @Test
  void a_withdrawal_allowed_only_by_a_stale_cache_is_refused_and_a_deposit_after_the_other_instance_lands_at_the_head() {
    String account = "stale";
    assertThat(versionOf(viaA.openAccount(open("stale-open", account, "USD", 0)), account)).isEqualTo(1);
    assertThat(versionOf(viaA.deposit(deposit("stale-d1", account, 100, "USD")), account)).isEqualTo(2);
    // A now holds {balance 100, version 2}; B takes 90 of it behind A's back.
    assertThat(versionOf(viaB.withdraw(withdraw("stale-w1", account, 90, "USD")), account)).isEqualTo(3);
    Counts before = ledger.tables.counts();

    Reply<CommandResult> refused = viaA.withdraw(withdraw("stale-w2", account, 50, "USD"));

    assertThat(refused.status()).as("%s", refused).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
    assertThat(refused.reason()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(refused.metadata()).containsEntry("available_minor", "10").containsEntry("balance_minor", "10");
    assertThat(ledger.tables.counts()).as("nothing appended for the refusal").isEqualTo(before);

    // A is stale again: B writes version 4, then A deposits.
    assertThat(versionOf(viaB.withdraw(withdraw("stale-w3", account, 5, "USD")), account)).isEqualTo(4);
    Reply<CommandResult> deposited = viaA.deposit(deposit("stale-d2", account, 7, "USD"));

    assertThat(versionOf(deposited, account)).as("%s", deposited).isEqualTo(5);
    assertThat(deposited.value().getDeduplicated()).isFalse();
    List<StoredEvent> events = ledger.tables.events(account);
    assertThat(events).extracting(StoredEvent::commandId)
        .containsExactly("stale-open", "stale-d1", "stale-w1", "stale-w3", "stale-d2");
    assertThat(events.get(4).balanceAfter()).isEqualTo(12);
    assertThat(ledger.tables.foldedBalance(account)).isEqualTo(12);
  }

  @Test
  void a_stale_cache_never_refuses_what_the_real_state_allows() {
    String account = "stale-refusal";
    assertThat(versionOf(viaA.openAccount(open("sr-open", account, "USD", 0)), account)).isEqualTo(1);
    assertThat(versionOf(viaA.deposit(deposit("sr-d1", account, 10, "USD")), account)).isEqualTo(2);
    // A holds {balance 10, version 2}; B adds 100.
    assertThat(versionOf(viaB.deposit(deposit("sr-d2", account, 100, "USD")), account)).isEqualTo(3);

    Reply<CommandResult> withdrawn = viaA.withdraw(withdraw("sr-w1", account, 50, "USD"));
    assertThat(versionOf(withdrawn, account)).as("%s", withdrawn).isEqualTo(4);

    // A holds version 4; B moves it to 5; A's caller expects 5 and must not hear VERSION_MISMATCH.
    assertThat(versionOf(viaB.deposit(deposit("sr-d3", account, 1, "USD")), account)).isEqualTo(5);
    Reply<CommandResult> expected = viaA.deposit(deposit("sr-d4", account, 1, "USD").toBuilder()
        .setExpectedVersion(5).build());
    assertThat(versionOf(expected, account)).as("%s", expected).isEqualTo(6);
    assertThat(ledger.tables.foldedBalance(account)).isEqualTo(62);
  }

  @Test
  void an_expected_version_that_only_a_stale_cache_still_matches_is_a_version_mismatch_with_the_real_version() {
    String account = "stale-version";
    assertThat(versionOf(viaA.openAccount(open("sv-open", account, "USD", 0)), account)).isEqualTo(1);
    assertThat(versionOf(viaA.deposit(deposit("sv-d1", account, 10, "USD")), account)).isEqualTo(2);
    assertThat(versionOf(viaB.deposit(deposit("sv-d2", account, 10, "USD")), account)).isEqualTo(3);
    Counts before = ledger.tables.counts();

    // A still holds version 2, so its cache agrees with the caller; the store does not.
    Reply<CommandResult> refused = viaA.deposit(deposit("sv-d3", account, 1, "USD").toBuilder()
        .setExpectedVersion(2).build());

    assertThat(refused.status()).as("%s", refused).isEqualTo(GrpcStatus.ABORTED);
    assertThat(refused.reason()).isEqualTo("VERSION_MISMATCH");
    assertThat(refused.metadata()).containsEntry("expected_version", "2").containsEntry("actual_version", "3");
    assertThat(ledger.tables.counts()).as("nothing appended for the refusal").isEqualTo(before);
  }

  @Test
  void the_same_command_through_both_instances_at_once_is_executed_once() throws Exception {
    String account = "twice";
    assertThat(viaA.openAccount(open("twice-open", account, "USD", 0)).ok()).isTrue();
    List<CommandClient> clients = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      clients.add(ledger.client(i % 2 == 0 ? Kind.VERTX : Kind.GRPC_JAVA, i < 5 ? a : b));
    }

    List<Reply<CommandResult>> replies =
        Concurrently.call(clients, c -> c.deposit(deposit("twice-d1", account, 42, "USD")));

    Idempotency.assertOneExecution(replies, account, 2);
    assertThat(ledger.tables.eventsWrittenBy("twice-d1")).isEqualTo(1);
    assertThat(ledger.tables.commandRows("twice-d1")).isEqualTo(1);
    assertThat(ledger.tables.events(account)).hasSize(2);
  }
}

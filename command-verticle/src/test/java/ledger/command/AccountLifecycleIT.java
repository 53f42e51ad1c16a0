package ledger.command;

import static ledger.command.Requests.close;
import static ledger.command.Requests.deposit;
import static ledger.command.Requests.freeze;
import static ledger.command.Requests.open;
import static ledger.command.Requests.transfer;
import static ledger.command.Requests.unfreeze;
import static ledger.command.Requests.withdraw;
import static ledger.command.Versions.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.grpc.common.GrpcStatus;
import ledger.command.CommandClient.Kind;
import ledger.command.LedgerTables.Counts;
import ledger.command.LedgerTables.StoredEvent;
import ledger.domain.AccountId;
import ledger.readmodel.ConsistencyToken;
import ledger.testkit.Reply;
import ledger.v1.CommandResult;
import ledger.v1.FreezeAccountRequest;
import ledger.v1.StreamVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FreezeAccount, UnfreezeAccount and CloseAccount over real gRPC: what they append, what a
 * frozen or closed account refuses, and the commands that change nothing: accepted,
 * nothing appended, the current version answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountLifecycleIT {

  @RegisterExtension
  static final LedgerFixture ledger = new LedgerFixture();
  private CommandNode node;
  private CommandNode otherNode;

  @BeforeAll
  void start() {
    node = ledger.startNode();
    otherNode = ledger.startNode();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void a_frozen_account_refuses_money_until_unfrozen_and_repeated_freezes_or_unfreezes_append_nothing(Kind kind) {
    CommandClient client = ledger.client(kind, node);
    String account = "freezable-" + kind.slug();
    accept(client.openAccount(open(account + "-open", account, "USD", 0)));
    accept(client.deposit(deposit(account + "-d1", account, 100, "USD")));
    FreezeAccountRequest freezing = freeze(account + "-freeze", account);

    Reply<CommandResult> frozen = client.freezeAccount(freezing);

    assertChanged(frozen, account, 3);
    Counts whileFrozen = ledger.tables.counts();
    assertRefused(client.deposit(deposit(account + "-d2", account, 5, "USD")), "ACCOUNT_FROZEN", account);
    assertRefused(client.withdraw(withdraw(account + "-w1", account, 5, "USD")), "ACCOUNT_FROZEN", account);
    assertThat(ledger.tables.counts()).as("nothing appended for the refusals").isEqualTo(whileFrozen);

    FreezeAccountRequest freezingAgain = freeze(account + "-freeze-again", account);
    Reply<CommandResult> noOp = client.freezeAccount(freezingAgain);
    assertNoOp(noOp, account, 3);
    assertThat(ledger.tables.counts()).as("no event appended freezing a frozen account, only its command record")
        .isEqualTo(new Counts(whileFrozen.events(), whileFrozen.commands() + 1));

    assertChanged(client.unfreezeAccount(unfreeze(account + "-unfreeze", account)), account, 4);
    Counts open = ledger.tables.counts();
    assertNoOp(client.unfreezeAccount(unfreeze(account + "-unfreeze-again", account)), account, 4);
    assertThat(ledger.tables.counts()).as("no event appended unfreezing an open account")
        .isEqualTo(new Counts(open.events(), open.commands() + 1));

    // The account is open now, so this freeze would append; as a repeat of a no-op it must not.
    Counts beforeRepeat = ledger.tables.counts();
    Idempotency.assertRepeatOf(noOp.value(), client.freezeAccount(freezingAgain));
    assertThat(ledger.tables.counts()).as("a repeated no-op stays a no-op").isEqualTo(beforeRepeat);

    Reply<CommandResult> deposited = client.deposit(deposit(account + "-d3", account, 5, "USD"));
    assertThat(versionOf(deposited, account)).as("%s", deposited).isEqualTo(5);

    assertThat(ledger.tables.events(account)).extracting(StoredEvent::type).containsExactly(
        "AccountOpened", "MoneyDeposited", "AccountFrozen", "AccountUnfrozen", "MoneyDeposited");
    assertThat(ledger.tables.events(account).get(2).payload().getString("reason")).isEqualTo("suspicious activity");
    assertThat(ledger.tables.events(account).get(3).payload().getString("reason")).isEqualTo("cleared");
    assertThat(ledger.tables.events(account).get(4).balanceAfter()).isEqualTo(105);
    assertThat(ledger.tables.commandRows(account + "-freeze-again")).as("a no-op leaves an idempotency record")
        .isEqualTo(1);

    // The account is open again, so this freeze would append; as a repeat it must not.
    Counts before = ledger.tables.counts();
    Idempotency.assertRepeatOf(frozen.value(), client.freezeAccount(freezing));
    assertThat(ledger.tables.counts()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void an_account_closed_at_zero_stays_closed_refuses_everything_and_closing_it_again_appends_nothing(Kind kind) {
    CommandClient client = ledger.client(kind, node);
    String account = "closable-" + kind.slug();
    String payer = "closable-payer-" + kind.slug();
    accept(client.openAccount(open(account + "-open", account, "USD", 0)));
    accept(client.deposit(deposit(account + "-d1", account, 40, "USD")));
    accept(client.withdraw(withdraw(account + "-w1", account, 40, "USD")));
    accept(client.openAccount(open(payer + "-open", payer, "USD", 0)));
    accept(client.deposit(deposit(payer + "-d1", payer, 10, "USD")));

    assertChanged(client.closeAccount(close(account + "-close", account)), account, 4);

    assertNoOp(client.closeAccount(close(account + "-close-again", account)), account, 4);
    Counts closed = ledger.tables.counts();
    assertRefused(client.deposit(deposit(account + "-d2", account, 1, "USD")), "ACCOUNT_CLOSED", account);
    assertRefused(client.withdraw(withdraw(account + "-w2", account, 1, "USD")), "ACCOUNT_CLOSED", account);
    assertRefused(client.unfreezeAccount(unfreeze(account + "-unfreeze", account)), "ACCOUNT_CLOSED", account);
    assertRefused(client.freezeAccount(freeze(account + "-freeze", account)), "ACCOUNT_CLOSED", account);
    assertRefused(client.transfer(transfer(account + "-t1", payer, account, 1, "USD")), "ACCOUNT_CLOSED", account);
    Reply<CommandResult> reopened = client.openAccount(open(account + "-reopen", account, "USD", 0));
    assertThat(reopened.status()).as("%s", reopened).isEqualTo(GrpcStatus.ALREADY_EXISTS);
    assertThat(reopened.reason()).isEqualTo("ACCOUNT_ALREADY_EXISTS");
    assertThat(reopened.metadata()).containsEntry("account_id", account);
    assertThat(ledger.tables.counts()).as("nothing appended after the close").isEqualTo(closed);

    assertThat(ledger.tables.events(account)).extracting(StoredEvent::type)
        .containsExactly("AccountOpened", "MoneyDeposited", "MoneyWithdrawn", "AccountClosed");
  }

  @Test
  void a_freeze_that_only_a_stale_cache_calls_a_no_op_is_decided_again_on_the_real_state_and_appends() {
    CommandClient viaNode = ledger.client(Kind.VERTX, node);
    CommandClient viaOther = ledger.client(Kind.GRPC_JAVA, otherNode);
    String account = "stale-frozen";
    accept(viaNode.openAccount(open("sf-open", account, "USD", 0)));
    assertChanged(viaNode.freezeAccount(freeze("sf-freeze-1", account)), account, 2);
    // The first node caches the account as frozen; the other one unfreezes it behind its back.
    assertChanged(viaOther.unfreezeAccount(unfreeze("sf-unfreeze", account)), account, 3);

    assertChanged(viaNode.freezeAccount(freeze("sf-freeze-2", account)), account, 4);

    assertThat(ledger.tables.events(account)).extracting(StoredEvent::type)
        .containsExactly("AccountOpened", "AccountFrozen", "AccountUnfrozen", "AccountFrozen");
    assertRefused(viaOther.deposit(deposit("sf-d1", account, 1, "USD")), "ACCOUNT_FROZEN", account);
  }

  /** Accepted, one event appended, the account now at {@code version}. */
  private static void assertChanged(Reply<CommandResult> reply, String account, long version) {
    assertThat(reply.ok()).as("%s", reply).isTrue();
    assertThat(reply.value().getVersionsList())
        .containsExactly(StreamVersion.newBuilder().setAccountId(account).setVersion(version).build());
    assertThat(reply.value().getEventsAppended()).as("%s", reply).isEqualTo(1);
    assertThat(reply.value().getDeduplicated()).isFalse();
    assertThat(ConsistencyToken.decode(reply.value().getConsistencyToken()).versionOf(AccountId.of(account)))
        .hasValue(version);
  }

  /** Accepted, nothing appended, not a repeat, the account's current version answered. */
  private static void assertNoOp(Reply<CommandResult> reply, String account, long currentVersion) {
    assertThat(reply.ok()).as("%s", reply).isTrue();
    assertThat(reply.value().getEventsAppended()).as("%s", reply).isZero();
    assertThat(reply.value().getDeduplicated()).as("%s", reply).isFalse();
    assertThat(reply.value().getVersionsList())
        .containsExactly(StreamVersion.newBuilder().setAccountId(account).setVersion(currentVersion).build());
    assertThat(ConsistencyToken.decode(reply.value().getConsistencyToken()).versionOf(AccountId.of(account)))
        .hasValue(currentVersion);
  }

  private static void assertRefused(Reply<CommandResult> reply, String reason, String account) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
    assertThat(reply.reason()).as("%s", reply).isEqualTo(reason);
    assertThat(reply.metadata()).as("%s", reply).containsEntry("account_id", account);
  }

  private static void accept(Reply<CommandResult> reply) {
    assertThat(reply.ok()).as("%s", reply).isTrue();
  }
}

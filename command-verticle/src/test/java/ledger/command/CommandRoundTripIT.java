package ledger.command;

import static ledger.command.Requests.deposit;
import static ledger.command.Requests.open;
import static ledger.command.Requests.transfer;
import static ledger.command.Requests.withdraw;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ledger.command.CommandClient.Kind;
import ledger.command.LedgerTables.Counts;
import ledger.command.LedgerTables.StoredEvent;
import ledger.domain.AccountId;
import ledger.readmodel.ConsistencyToken;
import ledger.testkit.Reply;
import ledger.v1.CommandResult;
import ledger.v1.StreamVersion;
import ledger.v1.TransferRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** OpenAccount, Deposit, Withdraw and Transfer over real gRPC, from a Vert.x and a grpc-java client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandRoundTripIT {

  @RegisterExtension
  static final LedgerFixture ledger = new LedgerFixture();
  private CommandNode node;

  @BeforeAll
  void start() {
    node = ledger.startNode();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void open_deposit_withdraw_answer_versions_1_2_3_with_growing_positions_and_a_token_naming_each_version(Kind kind) {
    CommandClient client = ledger.client(kind, node);
    String account = "round-trip-" + kind.slug();

    List<Reply<CommandResult>> replies = List.of(
        client.openAccount(open(account + "-open", account, "EUR", 0)),
        client.deposit(deposit(account + "-deposit", account, 1_250, "EUR")),
        client.withdraw(withdraw(account + "-withdraw", account, 250, "EUR")));

    long previousPosition = 0;
    for (int i = 0; i < replies.size(); i++) {
      Reply<CommandResult> reply = replies.get(i);
      long version = i + 1;
      assertThat(reply.ok()).as("%s", reply).isTrue();
      CommandResult result = reply.value();
      assertThat(result.getVersionsList()).containsExactly(
          StreamVersion.newBuilder().setAccountId(account).setVersion(version).build());
      assertThat(result.getDeduplicated()).isFalse();
      assertThat(result.getEventsAppended()).isEqualTo(1);
      assertThat(result.getGlobalPosition()).isGreaterThan(previousPosition);
      previousPosition = result.getGlobalPosition();

      ConsistencyToken token = ConsistencyToken.decode(result.getConsistencyToken());
      assertThat(token.versionOf(AccountId.of(account))).hasValue(version);
      assertThat(token.commitPoint().globalPosition()).isEqualTo(result.getGlobalPosition());
    }

    List<StoredEvent> events = ledger.tables.events(account);
    assertThat(events).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L);
    assertThat(events).extracting(StoredEvent::type)
        .containsExactly("AccountOpened", "MoneyDeposited", "MoneyWithdrawn");
    assertThat(events).extracting(StoredEvent::commandId)
        .containsExactly(account + "-open", account + "-deposit", account + "-withdraw");
    assertThat(events).extracting(StoredEvent::globalPosition)
        .containsExactlyElementsOf(replies.stream().map(r -> r.value().getGlobalPosition()).toList());
    assertThat(events.get(0).payload().getString("currency")).isEqualTo("EUR");
    assertThat(events.get(1).balanceAfter()).isEqualTo(1_250);
    assertThat(events.get(2).balanceAfter()).isEqualTo(1_000);
    assertThat(events.get(2).payload().getString("reference")).isEqualTo(Requests.REFERENCE);
    for (String step : List.of("-open", "-deposit", "-withdraw")) {
      assertThat(ledger.tables.commandRows(account + step)).as("idempotency record of %s", step).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void a_transfer_appends_one_event_to_each_account_atomically_and_answers_both_versions_sorted_by_account(Kind kind) {
    CommandClient client = ledger.client(kind, node);
    CommandClient otherKind = ledger.client(kind == Kind.VERTX ? Kind.GRPC_JAVA : Kind.VERTX, node);
    // The payer sorts after the payee, so a result listed in the request's order would show.
    String payer = "zz-payer-" + kind.slug();
    String payee = "aa-payee-" + kind.slug();
    accepted(client.openAccount(open(payer + "-open", payer, "USD", 0)));
    accepted(client.deposit(deposit(payer + "-deposit", payer, 1_000, "USD")));
    accepted(client.openAccount(open(payee + "-open", payee, "USD", 0)));
    accepted(client.deposit(deposit(payee + "-deposit-1", payee, 50, "USD")));
    accepted(client.deposit(deposit(payee + "-deposit-2", payee, 25, "USD")));
    Counts before = ledger.tables.counts();
    String commandId = payer + "-transfer";
    TransferRequest request = transfer(commandId, payer, payee, 300, "USD");

    Reply<CommandResult> transferred = client.transfer(request);

    accepted(transferred);
    CommandResult result = transferred.value();
    assertThat(result.getVersionsList()).as("both accounts, sorted by account id").containsExactly(
        StreamVersion.newBuilder().setAccountId(payee).setVersion(4).build(),
        StreamVersion.newBuilder().setAccountId(payer).setVersion(3).build());
    assertThat(result.getEventsAppended()).isEqualTo(2);
    assertThat(result.getDeduplicated()).isFalse();
    ConsistencyToken token = ConsistencyToken.decode(result.getConsistencyToken());
    assertThat(token.versionOf(AccountId.of(payer))).hasValue(3);
    assertThat(token.versionOf(AccountId.of(payee))).hasValue(4);
    assertThat(token.commitPoint().globalPosition()).isEqualTo(result.getGlobalPosition());

    assertThat(ledger.tables.counts()).as("two events and one idempotency record")
        .isEqualTo(new Counts(before.events() + 2, before.commands() + 1));
    StoredEvent sent = last(ledger.tables.events(payer));
    StoredEvent received = last(ledger.tables.events(payee));
    assertThat(sent.version()).isEqualTo(3);
    assertThat(sent.type()).isEqualTo("TransferSent");
    assertThat(sent.amount()).isEqualTo(300);
    assertThat(sent.payload().getString("to_account_id")).isEqualTo(payee);
    assertThat(sent.payload().getString("currency")).isEqualTo("USD");
    assertThat(sent.payload().getString("reference")).isEqualTo(Requests.REFERENCE);
    assertThat(sent.balanceAfter()).isEqualTo(700);
    assertThat(received.version()).isEqualTo(4);
    assertThat(received.type()).isEqualTo("TransferReceived");
    assertThat(received.amount()).isEqualTo(300);
    assertThat(received.payload().getString("from_account_id")).isEqualTo(payer);
    assertThat(received.balanceAfter()).isEqualTo(375);
    assertThat(List.of(sent.commandId(), received.commandId())).containsOnly(commandId);
    assertThat(result.getGlobalPosition()).as("position of the command's last event")
        .isEqualTo(Math.max(sent.globalPosition(), received.globalPosition()));
    assertThat(ledger.tables.foldedBalance(payer) + ledger.tables.foldedBalance(payee)).as("money conserved")
        .isEqualTo(1_075);
    assertThat(ledger.tables.commandRows(commandId)).isEqualTo(1);

    Counts afterTransfer = ledger.tables.counts();
    Idempotency.assertRepeatOf(result, otherKind.transfer(request));
    Idempotency.assertRepeatOf(result, client.transfer(request));
    assertThat(ledger.tables.counts()).as("nothing appended by the repeats").isEqualTo(afterTransfer);
    assertThat(ledger.tables.eventsWrittenBy(commandId)).isEqualTo(2);
  }

  private static void accepted(Reply<CommandResult> reply) {
    assertThat(reply.ok()).as("%s", reply).isTrue();
  }

  private static StoredEvent last(List<StoredEvent> events) {
    return events.get(events.size() - 1);
  }
}

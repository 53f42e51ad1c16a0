package ledger.command;

import static ledger.command.Requests.deposit;
import static ledger.command.Requests.open;
import static ledger.command.Requests.withdraw;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import ledger.command.CommandClient.Kind;
import ledger.command.LedgerTables.StoredEvent;
import ledger.domain.AccountId;
import ledger.store.ConsistencyToken;
import ledger.v1.CommandResult;
import ledger.v1.StreamVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** OpenAccount, Deposit and Withdraw over real gRPC, from a Vert.x and a grpc-java client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandRoundTripIT {

  private LedgerFixture ledger;
  private CommandNode node;

  @BeforeAll
  void start() {
    ledger = new LedgerFixture("command_round_trip");
    node = ledger.startNode();
  }

  @AfterAll
  void stop() throws Exception {
    ledger.close();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Kind.class)
  void open_deposit_withdraw_answer_versions_1_2_3_with_growing_positions_and_a_token_naming_each_version(Kind kind) {
    CommandClient client = ledger.client(kind, node);
    String account = "round-trip-" + kind.slug();

    List<Reply> replies = List.of(
        client.openAccount(open(account + "-open", account, "EUR", 0)),
        client.deposit(deposit(account + "-deposit", account, 1_250, "EUR")),
        client.withdraw(withdraw(account + "-withdraw", account, 250, "EUR")));

    long previousPosition = 0;
    for (int i = 0; i < replies.size(); i++) {
      Reply reply = replies.get(i);
      long version = i + 1;
      assertThat(reply.accepted()).as("%s", reply).isTrue();
      CommandResult result = reply.result();
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
        .containsExactlyElementsOf(replies.stream().map(r -> r.result().getGlobalPosition()).toList());
    assertThat(events.get(0).payload().getString("currency")).isEqualTo("EUR");
    assertThat(events.get(1).balanceAfter()).isEqualTo(1_250);
    assertThat(events.get(2).balanceAfter()).isEqualTo(1_000);
    assertThat(events.get(2).payload().getString("reference")).isEqualTo(Requests.REFERENCE);
    for (String step : List.of("-open", "-deposit", "-withdraw")) {
      assertThat(ledger.tables.commandRows(account + step)).as("idempotency record of %s", step).isEqualTo(1);
    }
  }
}

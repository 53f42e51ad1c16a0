package ledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.vertx.grpc.common.GrpcStatus;
import ledger.command.CommandClient.Kind;
import ledger.command.Hammer.Op;
import ledger.command.LedgerTables.StoredEvent;
import ledger.testkit.Reply;
import ledger.v1.CommandResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many callers on one account of one process: its lane serializes them, so nothing conflicts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneAccountConcurrencyIT {

  private static final int CLIENTS = 32;
  private static final int OPS_PER_CLIENT = 25;
  private static final long OVERDRAFT = 300;

  @RegisterExtension
  static final LedgerFixture ledger = new LedgerFixture();
  private CommandNode node;

  @BeforeAll
  void start() {
    node = ledger.startNode();
  }

  @Test
  void thirty_two_clients_on_one_account_are_serialized_with_no_conflict_no_gap_and_no_overdraft() throws Exception {
    String account = "hot";
    List<CommandClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      clients.add(ledger.client(i % 2 == 0 ? Kind.VERTX : Kind.GRPC_JAVA, node));
    }
    assertThat(clients.get(0).openAccount(Requests.open("hot-open", account, "USD", OVERDRAFT)).ok()).isTrue();

    // Withdrawals average more than deposits, so the balance sinks to the limit and some are refused.
    List<Op> ops = Hammer.run(clients, account, "USD", OPS_PER_CLIENT, 100, 150, 1, 7_001);
    Hammer.summarize(account, ops);

    assertThat(ops).hasSize(CLIENTS * OPS_PER_CLIENT);
    List<Reply<CommandResult>> refused = new ArrayList<>();
    for (Op op : ops) {
      Reply<CommandResult> reply = op.last();
      if (!reply.ok()) {
        assertThat(reply.status()).as("%s: %s", op, reply).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
        assertThat(reply.reason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(reply.metadata()).containsKey("available_minor");
        assertThat(Long.parseLong(reply.metadata().get("available_minor"))).isLessThan(op.amount());
        assertThat(op.withdrawal()).isTrue();
        refused.add(reply);
      }
    }
    assertThat(refused).as("refused withdrawals").isNotEmpty();
    assertThat(ops).as("accepted withdrawals").anyMatch(op -> op.withdrawal() && op.last().ok());

    StreamAudit.assertStreamHoldsExactlyTheAcceptedOps(ledger.tables, account, "hot-open", OVERDRAFT, ops);

    // A failed append still draws a position from the sequence, so gapless positions mean
    // not one append of this process lost an optimistic-concurrency race.
    List<StoredEvent> events = ledger.tables.events(account);
    long first = events.get(0).globalPosition();
    long last = events.get(events.size() - 1).globalPosition();
    assertThat(last - first + 1).as("positions drawn, all of them used").isEqualTo(events.size());
  }
}

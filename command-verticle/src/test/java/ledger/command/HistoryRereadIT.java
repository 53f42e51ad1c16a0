package ledger.command;

import static ledger.command.Requests.deposit;
import static ledger.command.Requests.open;
import static ledger.command.Requests.withdraw;
import static ledger.command.Versions.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.grpc.common.GrpcStatus;
import ledger.command.CommandClient.Kind;
import ledger.testkit.Reply;
import ledger.testkit.TcpRelay;
import ledger.v1.CommandResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: a refusal decided on a cached state, and an append that lost an
 * optimistic-concurrency race, used to throw the cached state away and replay the
 * account's whole history. On a long account every refused withdrawal (or conflict) then
 * held its lane for a full replay. The cached state is a fold of committed, immutable
 * events, so reading what came after it is enough. Measured as bytes PostgreSQL sends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryRereadIT {

  private static final int HISTORY = 1_000;
  /** A full replay of HISTORY events is about 350 KB; what came after the cache is a few KB at most. */
  private static final long FEW_ROWS_BYTES = 16 * 1024;

  @RegisterExtension
  static final LedgerFixture ledger = new LedgerFixture();
  private TcpRelay relay;
  private CommandClient client;

  @BeforeAll
  void start() {
    relay = ledger.relay();
    client = ledger.client(Kind.GRPC_JAVA, ledger.track(CommandNode.start(ledger.through(relay))));
  }

  @Test
  void a_refusal_from_the_cache_rereads_only_what_was_appended_since_not_the_whole_history() {
    String account = "long-refusal";
    long version = cachedLongAccount(account);

    long before = relay.bytesFromTarget();
    Reply<CommandResult> refused = client.withdraw(withdraw("long-refusal-w1", account, 1_000_000, "USD"));
    long read = relay.bytesFromTarget() - before;

    assertThat(refused.status()).as("%s", refused).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
    assertThat(refused.metadata()).containsEntry("available_minor", Long.toString(version - 1));
    assertThat(read).as("bytes read from PostgreSQL for one refusal").isLessThan(FEW_ROWS_BYTES);
  }

  @Test
  void a_lost_race_rereads_only_what_the_other_writer_appended_not_the_whole_history() {
    String account = "long-conflict";
    long version = cachedLongAccount(account);
    ledger.tables.appendDepositsBehindTheNodesBack(account, version, version - 1, 1);

    long before = relay.bytesFromTarget();
    Reply<CommandResult> deposited = client.deposit(deposit("long-conflict-d1", account, 1, "USD"));
    long read = relay.bytesFromTarget() - before;

    assertThat(versionOf(deposited, account)).as("%s", deposited).isEqualTo(version + 2);
    assertThat(ledger.tables.foldedBalance(account)).isEqualTo(version + 1);
    assertThat(read).as("bytes read from PostgreSQL for one conflict and retry").isLessThan(FEW_ROWS_BYTES);
  }

  /** An account with a long history, held by the node's cache at its head; returns the head version. */
  private long cachedLongAccount(String account) {
    assertThat(client.openAccount(open(account + "-open", account, "USD", 0)).ok()).isTrue();
    ledger.tables.appendDepositsBehindTheNodesBack(account, 1, 0, HISTORY);
    // The node still caches version 1: this deposit conflicts, rereads, and lands at the head.
    Reply<CommandResult> warmed = client.deposit(deposit(account + "-warm", account, 1, "USD"));
    assertThat(versionOf(warmed, account)).as("%s", warmed).isEqualTo(HISTORY + 2);
    return HISTORY + 2;
  }
}

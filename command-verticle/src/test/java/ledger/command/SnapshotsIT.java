package ledger.command;

import static ledger.command.Requests.deposit;
import static ledger.command.Requests.open;
import static ledger.command.Requests.withdraw;
import static ledger.command.Versions.versionOf;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import ledger.command.CommandClient.Kind;
import ledger.command.LedgerTables.Counts;
import ledger.command.LedgerTables.StoredEvent;
import ledger.command.LedgerTables.StoredSnapshot;
import ledger.store.SnapshotCodec;
import ledger.testkit.Reply;
import ledger.testkit.TcpRelay;
import ledger.v1.CommandResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Snapshots of account states: taken every N events (asynchronously, after the command has
 * its answer) and on a cold load that folded N or more events; used by a node that starts
 * cold; ignored when their schema version is unknown; and what they save a cold load in
 * bytes read from PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotsIT {

  private static final int EVERY = 5;
  private static final CommandConfig SNAPSHOT_EVERY_5 = CommandConfig.defaults().withSnapshotEvery(EVERY);
  private static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(10);
  /** What a cold load reads beside the rows it folds is a few KB at most; 1,000 events are about 350 KB. */
  private static final long FEW_ROWS_BYTES = 16 * 1024;

  @RegisterExtension
  static final LedgerFixture ledger = new LedgerFixture();
  private CommandClient vertx;
  private CommandClient grpcJava;

  @BeforeAll
  void start() {
    CommandNode node = ledger.startNode(SNAPSHOT_EVERY_5);
    vertx = ledger.client(Kind.VERTX, node);
    grpcJava = ledger.client(Kind.GRPC_JAVA, node);
  }

  @Test
  void twenty_three_deposits_leave_snapshots_at_versions_5_10_15_20_each_the_fold_of_that_many_events() {
    String account = "snapped";
    accept(vertx.openAccount(open("snapped-open", account, "USD", 7)));
    for (int i = 1; i <= 23; i++) {
      CommandClient client = i % 2 == 0 ? vertx : grpcJava;
      Reply<CommandResult> deposited = client.deposit(deposit("snapped-d" + i, account, 10L * i, "USD"));
      assertThat(versionOf(deposited, account)).as("%s", deposited).isEqualTo(i + 1);
    }

    List<StoredSnapshot> snapshots = until("four snapshots of " + account, SNAPSHOT_WAIT,
        () -> ledger.tables.snapshots(account), taken -> taken.size() >= 4);

    assertThat(snapshots).extracting(StoredSnapshot::version).containsExactly(5L, 10L, 15L, 20L);
    for (StoredSnapshot snapshot : snapshots) {
      long version = snapshot.version();
      // Version v holds the opening and deposits 1..v-1 of 10, 20, 30, ...
      long depositsSum = 10 * (version - 1) * version / 2;
      assertThat(ledger.tables.foldedBalance(account, version)).isEqualTo(depositsSum);
      assertThat(snapshot.schemaVersion()).isEqualTo(SnapshotCodec.SCHEMA_VERSION);
      JsonObject state = snapshot.state();
      assertThat(state.fieldNames()).as("snapshot at version %d", version)
          .containsExactlyInAnyOrder("status", "currency", "balance_minor", "overdraft_limit_minor");
      assertThat(state.getString("status")).isEqualTo("OPEN");
      assertThat(state.getString("currency")).isEqualTo("USD");
      assertThat(state.getLong("balance_minor")).as("balance in the snapshot at version %d", version)
          .isEqualTo(depositsSum);
      assertThat(state.getLong("overdraft_limit_minor")).isEqualTo(7);
    }
  }

  @Test
  void a_cold_load_that_folds_at_least_n_events_snapshots_the_state_it_loaded() {
    String account = "cold-due";
    accept(vertx.openAccount(open("cold-due-open", account, "USD", 0)));
    ledger.tables.appendDepositsBehindTheNodesBack(account, 1, 0, 12);
    CommandClient cold = ledger.client(Kind.GRPC_JAVA, ledger.startNode(SNAPSHOT_EVERY_5));

    Reply<CommandResult> deposited = cold.deposit(deposit("cold-due-d1", account, 1, "USD"));

    assertThat(versionOf(deposited, account)).as("%s", deposited).isEqualTo(14);
    List<StoredSnapshot> snapshots = until("a snapshot of " + account, SNAPSHOT_WAIT,
        () -> ledger.tables.snapshots(account), taken -> !taken.isEmpty());
    assertThat(snapshots).extracting(StoredSnapshot::version).containsExactly(13L);
    assertThat(snapshots.get(0).state().getLong("balance_minor")).isEqualTo(12);
  }

  /**
   * The planted snapshot is deliberately wrong, so that a decision which could only come from
   * it shows it was read. This proves the snapshot is used, not that snapshots are correct
   * (the test above does that).
   */
  @Test
  void a_cold_node_decides_on_the_newest_snapshot_instead_of_replaying_the_events_before_it() {
    String account = "planted";
    accept(vertx.openAccount(open("planted-open", account, "USD", 0)));
    accept(vertx.deposit(deposit("planted-d1", account, 100, "USD")));
    accept(vertx.deposit(deposit("planted-d2", account, 100, "USD")));
    accept(vertx.deposit(deposit("planted-d3", account, 1, "USD")));
    // The events say 200 at version 3; the snapshot says 1,000,000.
    ledger.tables.plantSnapshot(account, 3, SnapshotCodec.SCHEMA_VERSION, state(1_000_000));
    CommandClient cold = ledger.client(Kind.VERTX, ledger.startNode(SNAPSHOT_EVERY_5));

    Reply<CommandResult> withdrawn = cold.withdraw(withdraw("planted-w1", account, 500_000, "USD"));

    // Replaying the events (balance 201) would refuse this withdrawal.
    assertThat(versionOf(withdrawn, account)).as("%s", withdrawn).isEqualTo(5);
    StoredEvent event = ledger.tables.events(account).get(4);
    assertThat(event.type()).isEqualTo("MoneyWithdrawn");
    assertThat(event.balanceAfter()).as("1,000,000 + 1 - 500,000").isEqualTo(500_001);
  }

  @Test
  void a_snapshot_of_an_unknown_schema_version_is_ignored_and_a_cold_node_decides_on_the_events() {
    String account = "future-shape";
    accept(vertx.openAccount(open("future-open", account, "USD", 0)));
    for (int i = 1; i <= 3; i++) {
      accept(grpcJava.deposit(deposit("future-d" + i, account, 100, "USD")));
    }
    // Version 99 is a shape this code does not know: one row unreadable, the newest readable but wrong.
    ledger.tables.plantSnapshot(account, 3, 99, new JsonObject().put("bogus", true));
    ledger.tables.plantSnapshot(account, 4, 99, state(1_000_000).put("shape", "from the future"));
    CommandClient cold = ledger.client(Kind.GRPC_JAVA, ledger.startNode(SNAPSHOT_EVERY_5));
    Counts before = ledger.tables.counts();

    Reply<CommandResult> refused = cold.withdraw(withdraw("future-w1", account, 500, "USD"));

    assertThat(refused.status()).as("%s", refused).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
    assertThat(refused.reason()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(refused.metadata()).containsEntry("balance_minor", "300").containsEntry("available_minor", "300");
    assertThat(ledger.tables.counts()).isEqualTo(before);
    Reply<CommandResult> withdrawn = cold.withdraw(withdraw("future-w2", account, 300, "USD"));
    assertThat(versionOf(withdrawn, account)).as("%s", withdrawn).isEqualTo(5);
    assertThat(ledger.tables.events(account).get(4).balanceAfter()).isZero();
  }

  @Test
  void a_cold_load_of_a_1000_event_account_reads_far_less_from_postgresql_with_a_snapshot_than_without() {
    String snapped = "long-snapped";
    String plain = "long-plain";
    for (String account : List.of(snapped, plain)) {
      accept(vertx.openAccount(open(account + "-open", account, "USD", 0)));
      ledger.tables.appendDepositsBehindTheNodesBack(account, 1, 0, 1_000);
    }
    // A node with the default interval loads the first account cold and snapshots it at 1001.
    CommandClient snapshotting = ledger.client(Kind.VERTX, ledger.startNode(CommandConfig.defaults()));
    assertThat(versionOf(snapshotting.deposit(deposit("long-snapped-d1", snapped, 1, "USD")), snapped))
        .isEqualTo(1_002);
    until("a snapshot of " + snapped, SNAPSHOT_WAIT, () -> ledger.tables.snapshots(snapped),
        taken -> !taken.isEmpty());
    // A cold node that never snapshots itself, reading through a relay that counts bytes.
    TcpRelay relay = ledger.relay();
    CommandNode neverSnapshots = ledger.track(CommandNode.start(ledger.through(relay),
        CommandConfig.defaults().withSnapshotEvery(Integer.MAX_VALUE)));
    CommandClient cold = ledger.client(Kind.GRPC_JAVA, neverSnapshots);

    long before = relay.bytesFromTarget();
    Reply<CommandResult> withSnapshot = cold.deposit(deposit("long-snapped-d2", snapped, 1, "USD"));
    long readWithSnapshot = relay.bytesFromTarget() - before;
    before = relay.bytesFromTarget();
    Reply<CommandResult> withoutSnapshot = cold.deposit(deposit("long-plain-d1", plain, 1, "USD"));
    long readWithoutSnapshot = relay.bytesFromTarget() - before;

    assertThat(versionOf(withSnapshot, snapped)).as("%s", withSnapshot).isEqualTo(1_003);
    assertThat(ledger.tables.events(snapped).get(1_002).balanceAfter()).isEqualTo(1_002);
    assertThat(versionOf(withoutSnapshot, plain)).as("%s", withoutSnapshot).isEqualTo(1_002);
    assertThat(ledger.tables.events(plain).get(1_001).balanceAfter()).isEqualTo(1_001);
    assertThat(ledger.tables.snapshots(plain)).as("the comparison account stayed without snapshots").isEmpty();
    assertThat(readWithSnapshot).as("bytes read for a cold load from the snapshot").isLessThan(FEW_ROWS_BYTES);
    assertThat(readWithoutSnapshot).as("bytes read for a cold load of 1,001 events")
        .isGreaterThan(20 * readWithSnapshot);
  }

  private static JsonObject state(long balanceMinor) {
    return new JsonObject()
        .put("status", "OPEN")
        .put("currency", "USD")
        .put("balance_minor", balanceMinor)
        .put("overdraft_limit_minor", 0);
  }

  private static void accept(Reply<CommandResult> reply) {
    assertThat(reply.ok()).as("%s", reply).isTrue();
  }
}

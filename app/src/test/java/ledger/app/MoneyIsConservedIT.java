package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import ledger.app.MoneyOperation.Deposit;
import ledger.app.StoreAudit.SnapshotRow;
import ledger.app.StoreAudit.StoredEvent;
import ledger.domain.Account;
import ledger.domain.AccountDecider;
import ledger.domain.AccountId;
import ledger.store.SnapshotCodec;
import ledger.store.pg.AccountLoader;
import ledger.v1.Balance;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpcClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sixteen clients of both kinds move money at random among fifty accounts, with a snapshot
 * every ten events; afterwards each test checks one invariant over what was written: money is
 * conserved in PostgreSQL and in the Redis views, no balance passes its overdraft, streams
 * have no gaps, refusals append nothing, snapshots and the loader match a full replay, and
 * time travel matches the fold. The seed is printed; rerun one with -Dledger.it.seed=N.
 */
class MoneyIsConservedIT {

  private static final int ACCOUNTS = 50;
  private static final int TRANSFERS = 5_000;
  private static final int DEPOSITS = 1_000;
  private static final int WITHDRAWALS = 1_000;
  private static final int CLIENTS_OF_EACH_KIND = 8;
  private static final int SNAPSHOT_EVERY = 10;

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture(SNAPSHOT_EVERY);
  private static StoreAudit audit;
  private static final MoneyTally TALLY = new MoneyTally();
  private static final Map<String, Long> OVERDRAFT_LIMITS = new TreeMap<>();
  private static Map<String, List<StoredEvent>> streams;
  private static int funded;
  private static long seed;

  @BeforeAll
  static void play_the_workload() throws Exception {
    seed = Long.getLong("ledger.it.seed", System.nanoTime());
    Random random = new Random(seed);
    audit = fixture.audit();
    List<String> accounts = openAccounts(random);
    List<MoneyOperation> plan = MoneyOperation.plan(random, accounts, TRANSFERS, DEPOSITS, WITHDRAWALS);

    long started = System.nanoTime();
    new MoneyClients(plan, TALLY).play(fixture.clientVertx, fixture.grpcPort, CLIENTS_OF_EACH_KIND,
        CLIENTS_OF_EACH_KIND);
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("MoneyIsConservedIT seed %d: %d commands by %d clients in %d ms; outcomes %s%n",
        seed, plan.size(), 2 * CLIENTS_OF_EACH_KIND, millis, TALLY.outcomes());
    streams = audit.streams();
  }

  /** Opens the accounts, every fifth with an overdraft, and funds most of them. */
  private static List<String> openAccounts(Random random) {
    CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(fixture.channel);
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      String account = account(i);
      long limit = i % 5 == 0 ? 2_000L * (i / 5 + 1) : 0;
      TALLY.opened(account, commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + account)
          .setAccountId(account).setCurrency(MoneyOperation.CURRENCY).setOverdraftLimitMinor(limit).build()));
      OVERDRAFT_LIMITS.put(account, limit);
      long funds = random.nextInt(20_001);
      if (funds > 0) {
        Deposit deposit = new Deposit("fund-" + account, account, funds);
        TALLY.accepted(deposit, commands.deposit(deposit.request()));
        funded++;
      }
      accounts.add(account);
    }
    return accounts;
  }

  @Test
  void every_call_ended_ok_or_insufficient_funds_or_rarely_a_concurrency_conflict() {
    Map<String, Long> outcomes = TALLY.outcomes();

    assertThat(TALLY.surprises()).as("calls that ended otherwise, or answered oddly").isEmpty();
    assertThat(outcomes.keySet()).as("outcomes").isSubsetOf(MoneyTally.OK, MoneyTally.INSUFFICIENT_FUNDS,
        MoneyTally.CONCURRENCY_CONFLICT);
    assertThat(outcomes.values().stream().mapToLong(Long::longValue).sum())
        .as("answers").isEqualTo(TRANSFERS + DEPOSITS + WITHDRAWALS + funded);
    assertThat(outcomes.getOrDefault(MoneyTally.CONCURRENCY_CONFLICT, 0L)).as("conflicts that outlived the retries")
        .isLessThanOrEqualTo((TRANSFERS + DEPOSITS + WITHDRAWALS) / 100);
    assertThat(outcomes.get(MoneyTally.INSUFFICIENT_FUNDS)).as("refusals: the workload reached the limits")
        .isPositive();
    // The append translates a deadlock into a retried conflict, so a client would not see one: ask PostgreSQL.
    // Its statistics are flushed lazily, so this can miss a deadlock of the last seconds, never invent one.
    assertThat(audit.query("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        .get(0).getLong("deadlocks")).as("deadlocks in the ledger database").isZero();
  }

  @Test
  void the_balances_replayed_from_postgres_add_up_to_accepted_deposits_minus_accepted_withdrawals() {
    Map<String, Long> replayed = new TreeMap<>();
    streams.forEach((account, events) -> replayed.put(account, StoreAudit.replay(account, events).balanceMinor()));

    assertThat(sum(replayed)).isEqualTo(TALLY.depositedMinor() - TALLY.withdrawnMinor());
    assertThat(replayed).as("each account: the net of its accepted commands").isEqualTo(TALLY.expectedBalances());
  }

  @Test
  void the_redis_views_read_with_each_accounts_latest_token_add_up_to_the_same() {
    List<Future<Balance>> reads = new ArrayList<>();
    TALLY.latestWrites().forEach((account, written) -> reads.add(fixture.vertxClient.unary(
        QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder().setAccountId(account)
            .setConsistencyToken(written.token()).build())));
    await(Future.all(reads));
    Map<String, Long> viewed = new TreeMap<>();
    Map<String, Balance> views = new TreeMap<>();
    reads.forEach(read -> {
      viewed.put(read.result().getAccountId(), read.result().getBalanceMinor());
      views.put(read.result().getAccountId(), read.result());
    });
    Map<String, Balance> replayed = new TreeMap<>();
    streams.forEach((account, events) ->
        replayed.put(account, StoreAudit.balances(account, events).get(events.size() - 1)));

    assertThat(viewed).hasSize(ACCOUNTS);
    assertThat(sum(viewed)).isEqualTo(TALLY.depositedMinor() - TALLY.withdrawnMinor());
    assertThat(views).as("each view (balance, version, position, status, limit, time) against its replay")
        .isEqualTo(replayed);
  }

  @Test
  void no_event_leaves_an_account_below_its_overdraft_limit() {
    List<Row> auditorFindings = audit.query("""
        SELECT e.stream_id, e.stream_version, e.payload->>'balance_after_minor' AS balance_after
        FROM ledger.events e
        JOIN ledger.events opened ON opened.stream_id = e.stream_id AND opened.stream_version = 1
        WHERE e.payload ? 'balance_after_minor'
          AND (e.payload->>'balance_after_minor')::bigint
              < -coalesce((opened.payload->>'overdraft_limit_minor')::bigint, 0)""");
    List<String> belowLimit = new ArrayList<>();
    List<String> misrecorded = new ArrayList<>();
    long lowest = Long.MAX_VALUE;
    for (Map.Entry<String, List<StoredEvent>> stream : streams.entrySet()) {
      String account = stream.getKey();
      List<StoredEvent> events = stream.getValue();
      Account state = Account.unopened(AccountId.of(account));
      for (int k = 1; k <= events.size(); k++) {
        state = AccountDecider.evolve(state, events.get(k - 1).decoded());
        JsonObject payload = events.get(k - 1).payload();
        if (state.balanceMinor() < -OVERDRAFT_LIMITS.get(account)) {
          belowLimit.add(account + "@" + k + " = " + state.balanceMinor());
        }
        Long recorded = payload.getLong("balance_after_minor");
        if (recorded != null && recorded != state.balanceMinor()) {
          misrecorded.add(account + "@" + k + " records " + recorded + ", replay gives " + state.balanceMinor());
        }
        lowest = Math.min(lowest, state.balanceMinor());
      }
    }

    assertThat(StoreAudit.describe(auditorFindings)).as("rows an auditor's SQL finds below the limit").isEmpty();
    assertThat(belowLimit).as("replayed states below the limit").isEmpty();
    assertThat(misrecorded).as("balance_after_minor against the replay").isEmpty();
    assertThat(lowest).as("the lowest balance: the workload used the overdrafts").isNegative();
  }

  @Test
  void every_stream_runs_from_version_one_without_gaps() {
    List<Row> gapped = audit.query("""
        SELECT stream_id FROM ledger.events GROUP BY stream_id
        HAVING min(stream_version) <> 1 OR max(stream_version) <> count(*)""");

    assertThat(StoreAudit.describe(gapped)).as("streams with gaps (SQL)").isEmpty();
    assertThat(streams).hasSize(ACCOUNTS);
    streams.forEach((account, events) -> assertThat(events).extracting(StoredEvent::version).as(account)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList()));
  }

  @Test
  void refused_commands_appended_nothing_and_every_transfer_has_both_legs() {
    Map<String, Long> byType = new TreeMap<>();
    Map<String, String> sentLegs = new TreeMap<>();
    Map<String, String> receivedLegs = new TreeMap<>();
    streams.forEach((account, events) -> events.forEach(event -> {
      byType.merge(event.type(), 1L, Long::sum);
      String commandId = event.metadata().getString("command_id");
      long amount = event.payload().getLong("amount_minor", 0L);
      if (event.type().equals("TransferSent")) {
        sentLegs.put(commandId, account + "->" + event.payload().getString("to_account_id") + ":" + amount);
      } else if (event.type().equals("TransferReceived")) {
        receivedLegs.put(commandId, event.payload().getString("from_account_id") + "->" + account + ":" + amount);
      }
    }));
    long accepted = TALLY.accepted("AccountOpened") + TALLY.accepted("Deposit") + TALLY.accepted("Withdraw")
        + TALLY.accepted("Transfer");

    assertThat(byType).containsEntry("AccountOpened", (long) ACCOUNTS)
        .containsEntry("MoneyDeposited", TALLY.accepted("Deposit"))
        .containsEntry("MoneyWithdrawn", TALLY.accepted("Withdraw"))
        .containsEntry("TransferSent", TALLY.accepted("Transfer"))
        .containsEntry("TransferReceived", TALLY.accepted("Transfer"))
        .hasSize(5);
    assertThat(receivedLegs).as("each transfer's credit against its debit").isEqualTo(sentLegs);
    assertThat(audit.query("SELECT count(*) AS commands FROM ledger.commands").get(0).getLong("commands"))
        .as("idempotency records: one per accepted command").isEqualTo(accepted);
  }

  @Test
  void the_loaders_state_of_every_account_equals_a_full_replay_ignoring_snapshots() {
    AccountLoader loader = audit.loader(7);
    List<String> differences = new ArrayList<>();
    long fromSnapshots = 0;
    for (Map.Entry<String, List<StoredEvent>> stream : streams.entrySet()) {
      String account = stream.getKey();
      List<StoredEvent> events = stream.getValue();
      AccountLoader.Loaded loaded = await(loader.loadWithSnapshot(AccountId.of(account)));
      fromSnapshots += loaded.snapshotVersion() > 0 ? 1 : 0;
      compare(differences, account + " latest", loaded.state(), StoreAudit.replay(account, events));
      // Either side of the first and the last snapshot boundary, where an off-by-one would show.
      long lastBoundary = events.size() / SNAPSHOT_EVERY * SNAPSHOT_EVERY;
      for (long boundary : new long[] {SNAPSHOT_EVERY, lastBoundary}) {
        for (long version = Math.max(1, boundary - 1); version <= Math.min(boundary + 1, events.size()); version++) {
          compare(differences, account + "@" + version, await(loader.load(AccountId.of(account), version)),
              StoreAudit.replay(account, events, version));
        }
      }
    }

    assertThat(differences).as("loader against replay").isEmpty();
    assertThat(fromSnapshots).as("accounts the loader started from a snapshot")
        .isEqualTo(streams.values().stream().filter(events -> events.size() >= SNAPSHOT_EVERY).count())
        .isPositive();
  }

  @Test
  void every_snapshot_equals_the_fold_of_as_many_events_and_none_is_missing() {
    List<SnapshotRow> snapshots = audit.snapshots();
    List<String> differences = new ArrayList<>();
    Map<String, List<Long>> taken = new TreeMap<>();
    for (SnapshotRow snapshot : snapshots) {
      List<StoredEvent> events = streams.get(snapshot.streamId());
      assertThat(snapshot.version()).as(snapshot.streamId() + " snapshot").isBetween(1L, (long) events.size());
      assertThat(snapshot.schemaVersion()).isEqualTo(SnapshotCodec.SCHEMA_VERSION);
      compare(differences, snapshot.streamId() + " snapshot@" + snapshot.version(),
          SnapshotCodec.decode(AccountId.of(snapshot.streamId()), snapshot.version(), snapshot.state()),
          StoreAudit.replay(snapshot.streamId(), events, snapshot.version()));
      taken.computeIfAbsent(snapshot.streamId(), id -> new ArrayList<>()).add(snapshot.version());
    }

    assertThat(differences).as("snapshots against replay").isEmpty();
    streams.forEach((account, events) -> assertThat(taken.getOrDefault(account, List.of()))
        .as(account + ": a snapshot each time the version crossed a multiple of " + SNAPSHOT_EVERY)
        .containsAll(IntStream.rangeClosed(1, events.size() / SNAPSHOT_EVERY)
            .mapToObj(n -> (long) n * SNAPSHOT_EVERY).toList()));
  }

  @Test
  void time_travel_on_a_few_workload_accounts_matches_the_fold_at_every_version_and_recorded_time() {
    Random random = new Random(seed);
    int hot = MoneyOperation.HOT_ACCOUNTS;
    List<String> travelled = List.of(account(random.nextInt(hot)), account(hot + random.nextInt(ACCOUNTS - hot)),
        account(hot + random.nextInt(ACCOUNTS - hot)));
    List<String> wrong = new ArrayList<>();
    for (String account : travelled) {
      List<StoredEvent> events = streams.get(account);
      List<Balance> folded = StoreAudit.balances(account, events);
      List<GetBalanceAtRequest> requests = new ArrayList<>();
      List<Balance> expected = new ArrayList<>();
      for (StoredEvent event : events) {
        requests.add(GetBalanceAtRequest.newBuilder().setAccountId(account).setVersion(event.version()).build());
        expected.add(folded.get((int) event.version() - 1));
        requests.add(GetBalanceAtRequest.newBuilder().setAccountId(account)
            .setAsOf(StoreAudit.timestamp(event.recordedAt())).build());
        expected.add(folded.get((int) StoreAudit.versionAt(events, event.recordedAt()) - 1));
      }
      List<Balance> answered = balancesAt(requests);
      for (int i = 0; i < requests.size(); i++) {
        if (!answered.get(i).equals(expected.get(i))) {
          wrong.add(requests.get(i) + " answered " + answered.get(i) + " but the fold gives " + expected.get(i));
        }
      }
    }
    List<String> backwards = new ArrayList<>();
    streams.forEach((account, events) -> {
      for (int k = 1; k < events.size(); k++) {
        if (events.get(k).recordedAt().isBefore(events.get(k - 1).recordedAt())) {
          backwards.add(account + "@" + (k + 1) + " recorded before version " + k);
        }
      }
    });

    assertThat(wrong).as("GetBalanceAt on " + travelled).isEmpty();
    assertThat(backwards).as("recorded times going back along a stream").isEmpty();
  }

  /** GetBalanceAt for each request, a few dozen in flight at a time. */
  private static List<Balance> balancesAt(List<GetBalanceAtRequest> requests) {
    List<Balance> answers = new ArrayList<>(requests.size());
    for (int from = 0; from < requests.size(); from += 32) {
      List<Future<Balance>> chunk = requests.subList(from, Math.min(from + 32, requests.size())).stream()
          .map(request -> fixture.vertxClient.unary(QueryServiceGrpcClient.GetBalanceAt, request)).toList();
      await(Future.all(chunk));
      chunk.forEach(answer -> answers.add(answer.result()));
    }
    return answers;
  }

  private static String account(int index) {
    return String.format("mc-%02d", index);
  }

  private static void compare(List<String> differences, String what, Account actual, Account expected) {
    if (!actual.equals(expected)) {
      differences.add(what + ": " + actual + " but replay gives " + expected);
    }
  }

  private static long sum(Map<String, Long> balances) {
    return balances.values().stream().mapToLong(Long::longValue).sum();
  }
}

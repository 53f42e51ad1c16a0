package ledger.app;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.PartitionStatus;
import ledger.v1.ProjectionStatus;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.RebuildProgress;
import ledger.v1.VerifyProjectionUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank workload of issue 8 through every fault the deployment must survive: sixteen
 * clients move money at random among twenty accounts (retrying with the same command_id,
 * reading their own writes with the tokens they got) while the test kills each process
 * with -9, restarts and crashes PostgreSQL, flushes and restarts Redis, cuts the LISTEN and pub/sub
 * connections, fails the projection over to its standby and poisons one account with an
 * event the release cannot read (fixed, then rebuilt). Every fault is followed by a bounded
 * wait until both writes and token reads move again. At the end: `verify` finds no
 * difference, the event store conserves money and holds every acknowledged transfer once,
 * and no token read was stale. One round by default; -Dledger.bank.rounds=N (profile soak) repeats the faults.
 */
class BankUnderFaultsIT {

  private static final int ACCOUNTS = 20;
  private static final int CLIENTS = 16;
  private static final long FUNDS_MINOR = 50_000;
  private static final long POISON_MINOR = 50;
  private static final Duration PROGRESS_LIMIT = Duration.ofSeconds(60);
  /** After each fault: this many more acknowledged transfers and token reads (twenty a client), so faults meet load. */
  private static final int PROGRESS = 20 * CLIENTS;
  /** Each process run's output, kept after the test for whoever reads a failure. */
  private static final Path LOGS = Path.of("target", "bank-under-faults");

  @TempDir
  Path work;
  private BankCluster bank;
  private final BankTally tally = new BankTally();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final List<Thread> clients = new ArrayList<>();
  private final Map<String, Long> faultMillis = new LinkedHashMap<>();
  private final Set<String> poisoned = new TreeSet<>();
  private final List<String> accounts = new ArrayList<>();

  @Test
  void the_bank_keeps_every_promise_through_kills_restarts_flushes_cut_connections_failover_and_poison()
      throws Exception {
    long started = System.nanoTime();
    long seed = Long.getLong("ledger.it.seed", System.nanoTime());
    bank = new BankCluster(work, LOGS);
    openAndFund();
    for (int i = 0; i < CLIENTS; i++) {
      Thread client = new Thread(new BankClient(i, seed, accounts, bank.channel, tally, stopped::get), "bank-" + i);
      client.start();
      clients.add(client);
    }
    progress("the workload starting");
    int rounds = Integer.getInteger("ledger.bank.rounds", 1);
    for (int round = 1; round <= rounds; round++) {
      faults(round);
    }
    stopped.set(true);
    for (Thread client : clients) {
      client.join(TimeUnit.SECONDS.toMillis(90));
      assertThat(client.isAlive()).as(client.getName() + " still running").isFalse();
    }
    System.out.printf("BankUnderFaultsIT seed %d, %d round(s) in %d ms: %d transfers acknowledged, %d token reads;"
            + " faults (ms until writes and reads moved again) %s; outcomes %s; degraded reads %s%n", seed, rounds,
        (System.nanoTime() - started) / 1_000_000, tally.ackedCount(), tally.goodReads(), faultMillis,
        tally.outcomes(), tally.degradedReads());

    assertThat(tally.staleReads()).as("token reads older than the client's own write").isEmpty();
    assertThat(tally.surprises()).as("answers no fault explains").isEmpty();
    assertThat(tally.degradedReads().keySet()).as("accounts that answered VIEW_DEGRADED").isSubsetOf(poisoned);
    theProjectionCatchesUpAndVerifiesClean();
    theEventStoreConservesMoneyAndHoldsEveryAcknowledgedTransferOnce(rounds);
  }

  private void faults(int round) {
    fault("kill -9 of the command/query process, then a restart", () -> {
      bank.commandQuery.kill();
      bank.commandQuery.start();
    });
    fault("kill -9 of the active projection: the standby takes over", this::failover);
    fault("PostgreSQL restart", bank.postgres::restart);
    fault("PostgreSQL crash (immediate shutdown: SIGQUIT), then a start", bank.postgres::crashAndRestart);
    fault("Redis FLUSHALL", () -> assertThat(bank.redis.command("FLUSHALL")).isEqualTo("+OK"));
    fault("Redis restart (it comes back empty)", bank.redis::restart);
    fault("the projection's LISTEN connection terminated", this::terminateListen);
    fault("the query role's pub/sub connection killed",
        () -> assertThat(bank.redis.command("CLIENT", "KILL", "TYPE", "pubsub")).as("killed").isNotEqualTo(":0"));
    poison(accounts.get((round * 7) % ACCOUNTS));
  }

  private void failover() {
    LedgerProcess active = bank.activeProjection();
    LedgerProcess standby = bank.projections.get(1 - bank.projections.indexOf(active));
    long killed = System.nanoTime();
    active.kill();
    until("the standby " + standby.name() + " to hold the writer lock", Duration.ofSeconds(30), bank::writerPid,
        pid -> pid == standby.pid());
    faultMillis.put("failover (lock taken)", (System.nanoTime() - killed) / 1_000_000);
    active.start();
  }

  private void terminateListen() {
    BankSql sql = new BankSql(bank.postgres);
    assertThat(sql.terminateListeners()).as("LISTEN connections terminated").isPositive();
    until("a LISTEN connection again", Duration.ofSeconds(30), sql::listeners, count -> count > 0);
  }

  /** An event this release cannot read parks its account alone; the fix and `rebuild --account` restore it. */
  private void poison(String account) {
    fault("a poison event on " + account, () -> {
      new BankSql(bank.postgres).poison(account, POISON_MINOR);
      poisoned.add(account);
      until(account + " named degraded by status", PROGRESS_LIMIT, bank::status,
          status -> status != null && status.getPartitions(0).getDegradedAccountsList().contains(account));
      StatusRuntimeException read = until(account + " read as VIEW_DEGRADED", Duration.ofSeconds(30),
          () -> readWithoutToken(account), e -> e != null && "VIEW_DEGRADED".equals(MoneyClients.reasonOf(e)));
      assertThat(read.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    });
    fault("the poison event made readable and " + account + " rebuilt", () -> {
      new BankSql(bank.postgres).makeReadable(account);
      RebuildProgress done = bank.rebuild(account);
      assertThat(done.getPhase()).isEqualTo(RebuildProgress.Phase.DONE);
      until(account + " readable again", Duration.ofSeconds(30), () -> readWithoutToken(account), e -> e == null);
    });
  }

  private StatusRuntimeException readWithoutToken(String account) {
    try {
      QueryServiceGrpc.newBlockingStub(bank.channel).withDeadlineAfter(Duration.ofSeconds(5))
          .getBalance(GetBalanceRequest.newBuilder().setAccountId(account).build());
      return null;
    } catch (StatusRuntimeException e) {
      return e;
    }
  }

  /** Runs the fault, then waits (bounded) until the clients' writes and token reads both move again. */
  private void fault(String name, Runnable action) {
    long started = System.nanoTime();
    action.run();
    progress(name);
    faultMillis.put(name, (System.nanoTime() - started) / 1_000_000);
    System.out.printf("BankUnderFaultsIT: %s: writes and token reads moved again after %d ms (%d transfers"
        + " acknowledged so far)%n", name, faultMillis.get(name), tally.ackedCount());
  }

  /** Waits until the clients' writes and token reads move again and the projection passes the head of now. */
  private void progress(String after) {
    long acked = tally.ackedCount();
    long reads = tally.goodReads();
    try {
      long head = until("a projection process answering status", PROGRESS_LIMIT, bank::status, s -> s != null)
          .getPartitions(0).getHeadPosition();
      until("writes and token reads moving after " + after, PROGRESS_LIMIT,
          () -> List.of(tally.ackedCount() - acked, tally.goodReads() - reads),
          moved -> moved.get(0) >= PROGRESS && moved.get(1) >= PROGRESS);
      // Reads alone could move without the projection (a missing view is answered from a replay).
      until("the projection applying past position " + head + " after " + after, PROGRESS_LIMIT, bank::status,
          status -> status != null && status.getPartitions(0).getCheckpointPosition() >= head);
    } catch (AssertionError stuck) {
      throw new AssertionError(stuck.getMessage() + "; surprises " + tally.surprises() + bank.logs(), stuck);
    }
  }

  private void openAndFund() {
    CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(bank.channel)
        .withDeadlineAfter(Duration.ofSeconds(30));
    for (int i = 0; i < ACCOUNTS; i++) {
      String account = String.format("acc-%02d", i);
      commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + account).setAccountId(account)
          .setCurrency(BankClient.CURRENCY).build());
      commands.deposit(DepositRequest.newBuilder().setCommandId("fund-" + account).setAccountId(account)
          .setAmountMinor(FUNDS_MINOR).setCurrency(BankClient.CURRENCY).build());
      accounts.add(account);
    }
  }

  private void theProjectionCatchesUpAndVerifiesClean() {
    ProjectionStatus caughtUp = until("the projection caught up, nothing degraded", PROGRESS_LIMIT, bank::status,
        status -> status != null && status.getPartitionsList().stream().allMatch(p -> p.hasActiveWriter()
            && p.getLagEvents() == 0 && p.getDegradedCount() == 0));
    assertThat(caughtUp.getPartitionsList()).extracting(PartitionStatus::getLagEvents).containsOnly(0L);
    List<VerifyProjectionUpdate> audit = bank.verify();
    assertThat(audit).as("verify's last message").last().matches(VerifyProjectionUpdate::hasSummary);
    assertThat(audit.stream().filter(VerifyProjectionUpdate::hasDifference).map(VerifyProjectionUpdate::getDifference)
        .toList()).as("views that differ from a replay").isEmpty();
    assertThat(audit.get(audit.size() - 1).getSummary().getDifferences()).isZero();
    assertThat(audit.get(audit.size() - 1).getSummary().getAccountsChecked()).isEqualTo(ACCOUNTS);
  }

  private void theEventStoreConservesMoneyAndHoldsEveryAcknowledgedTransferOnce(int rounds) {
    Vertx vertx = Vertx.vertx();
    try (StoreAudit audit = new StoreAudit(vertx, PgConnectOptions.fromUri(bank.postgres.url()))) {
      BankAudit.of(audit.streams()).check(tally.acked(), ACCOUNTS * FUNDS_MINOR + rounds * POISON_MINOR);
    } finally {
      vertx.close();
    }
  }

  @AfterEach
  void stop() {
    stopped.set(true);
    if (bank != null) {
      bank.close();
    }
  }
}

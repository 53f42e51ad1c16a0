package ledger.app;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import io.grpc.ManagedChannel;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import ledger.app.StoreAudit.StoredEvent;
import ledger.readmodel.Partitioning;
import ledger.store.pg.AdvisoryLocks;
import ledger.testkit.GrpcJava;
import ledger.testkit.Waits;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.VerifyProjectionUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --projection-partitions 3} as deployed: a command+query process and two projection
 * processes sharing the partitions' writer locks. Clients of both kinds deposit and transfer
 * across partitions, each keeping only its latest token and reading with it accounts that
 * token does not name: no read is ever below what the client wrote before. A projection
 * process is killed with -9; the other takes its partitions and the reads stay right. At the
 * end every view equals a replay of the store, as VerifyProjection and the query role see it,
 * and readiness counts a degraded account whatever its partition.
 */
class PartitionsIT {

  private static final int PARTITIONS = 3;
  private static final int ACCOUNTS = 9;
  private static final long FUNDS_MINOR = 10_000;
  /** Writes and reads (each kind) the clients make between two checks: a few each. */
  private static final int PROGRESS = 40;
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Path LOGS = Path.of("target", "partitions");

  @TempDir
  Path work;
  private BankCluster cluster;
  private Vertx vertx;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final OtherAccountReader.Tally tally = new OtherAccountReader.Tally();
  private final List<String> accounts = new ArrayList<>();
  private LedgerProcess auditor;

  @Test
  void token_reads_of_other_accounts_hold_across_partitions_and_a_projection_process_killed_mid_run() throws Exception {
    long started = System.nanoTime();
    cluster = new BankCluster(work, LOGS, List.of("--projection-partitions", Integer.toString(PARTITIONS)));
    vertx = Vertx.vertx();
    BankSql sql = new BankSql(cluster.postgres);
    until("a writer for every partition", LIMIT, () -> writers(sql), pids -> !pids.contains(-1L));
    openAndFund();

    long seed = Long.getLong("ledger.it.seed", System.nanoTime());
    List<Thread> clients = new ArrayList<>();
    List<ManagedChannel> channels = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      OtherAccountReader.Calls calls;
      if (c % 2 == 0) {
        ManagedChannel channel = GrpcJava.channel(cluster.commandQuery.grpcPort);
        channels.add(channel);
        calls = OtherAccountReader.grpcJava(channel);
      } else {
        calls = OtherAccountReader.vertx(vertx, cluster.commandQuery.grpcPort);
      }
      Thread client = new Thread(new OtherAccountReader("client" + c, seed + c, accounts, calls, tally, stopped::get),
          "partitions-client-" + c);
      client.start();
      clients.add(client);
    }
    try {
      progress("the clients starting");
      long victim = writers(sql).get(0);
      LedgerProcess killed = cluster.projections.stream().filter(p -> p.pid() == victim).findFirst().orElseThrow();
      LedgerProcess survivor = cluster.projections.get(1 - cluster.projections.indexOf(killed));
      killed.kill();
      until("the survivor " + survivor.name() + " writing every partition", LIMIT, () -> writers(sql),
          pids -> pids.stream().allMatch(pid -> pid == survivor.pid()));
      progress("kill -9 of " + killed.name());
      auditor = survivor;
    } finally {
      stopped.set(true);
      for (Thread client : clients) {
        client.join(TimeUnit.SECONDS.toMillis(90));
      }
      channels.forEach(GrpcJava::close);
    }
    System.out.printf("PartitionsIT seed %d: %d writes, %d reads of other accounts in %d ms%n", seed,
        tally.writes.get(), tally.reads.get(), (System.nanoTime() - started) / 1_000_000);

    assertThat(tally.stale).as("reads below the client's own earlier write").isEmpty();
    assertThat(tally.surprises).as("answers no fault explains").isEmpty();
    everyViewEqualsAReplayOfTheStore();
    readinessCountsTheDegradedAccountsOfEveryPartition(sql);
  }

  /** Regression: /health/ready read the degraded set of the unpartitioned keys, which nobody writes then. */
  private void readinessCountsTheDegradedAccountsOfEveryPartition(BankSql sql) {
    String poisoned = accounts.stream().filter(account -> Partitioning.partitionOf(account, PARTITIONS) == 2)
        .findFirst().orElseThrow();
    sql.poison(poisoned, 50);
    until(poisoned + " counted degraded by the command+query process's readiness", LIMIT,
        () -> http(cluster.commandQuery.httpPort, "/health/ready"), ready -> ready.contains("\"degraded_accounts\":1"));
  }

  private static String http(int port, String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void everyViewEqualsAReplayOfTheStore() {
    // A write after every other: its token's commit point covers them all, in every partition.
    CommandResult last = commands().deposit(DepositRequest.newBuilder().setCommandId("last").setAccountId(accounts.get(0))
        .setAmountMinor(1).setCurrency("USD").build());
    Map<String, List<StoredEvent>> store;
    try (StoreAudit audit = new StoreAudit(vertx, PgConnectOptions.fromUri(cluster.postgres.url()))) {
      store = audit.streams();
    }
    for (String account : accounts) {
      Balance view = QueryServiceGrpc.newBlockingStub(cluster.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .getBalance(GetBalanceRequest.newBuilder().setAccountId(account)
              .setConsistencyToken(last.getConsistencyToken()).build());
      List<StoredEvent> events = store.get(account);
      assertThat(view.getVersion()).as(account + "'s version").isEqualTo(events.size());
      assertThat(view.getBalanceMinor()).as(account + "'s balance")
          .isEqualTo(StoreAudit.replay(account, events).balanceMinor());
    }
    List<VerifyProjectionUpdate> audit = until("verify without a difference", LIMIT, () -> cluster.verify(auditor),
        updates -> updates.stream().noneMatch(VerifyProjectionUpdate::hasDifference));
    assertThat(audit).as("verify's last message").last().matches(VerifyProjectionUpdate::hasSummary);
    assertThat(audit.get(audit.size() - 1).getSummary().getDifferences()).isZero();
    assertThat(audit.get(audit.size() - 1).getSummary().getAccountsChecked()).isEqualTo(ACCOUNTS);
  }

  /** The pid of each partition's writer, -1 for a partition nobody writes. */
  private static List<Long> writers(BankSql sql) {
    return IntStream.range(0, PARTITIONS).mapToObj(p -> sql.lockHolderPid(AdvisoryLocks.projectionWriter(p, PARTITIONS)))
        .toList();
  }

  private void openAndFund() {
    for (int i = 0; i < ACCOUNTS; i++) {
      String account = "part-" + i;
      commands().openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + account).setAccountId(account)
          .setCurrency("USD").build());
      commands().deposit(DepositRequest.newBuilder().setCommandId("fund-" + account).setAccountId(account)
          .setAmountMinor(FUNDS_MINOR).setCurrency("USD").build());
      accounts.add(account);
    }
    assertThat(accounts.stream().map(account -> Partitioning.partitionOf(account, PARTITIONS)).distinct().count())
        .as("partitions holding the accounts").isEqualTo(PARTITIONS);
  }

  private CommandServiceGrpc.CommandServiceBlockingStub commands() {
    return CommandServiceGrpc.newBlockingStub(cluster.channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** Waits (bounded) until the clients' writes and reads of other accounts both move on. */
  private void progress(String after) {
    long writes = tally.writes.get();
    long reads = tally.reads.get();
    try {
      until("writes and reads moving after " + after, LIMIT,
          () -> List.of(tally.writes.get() - writes, tally.reads.get() - reads),
          moved -> moved.get(0) >= PROGRESS && moved.get(1) >= PROGRESS);
    } catch (AssertionError stuck) {
      throw new AssertionError(stuck.getMessage() + "; surprises " + tally.surprises + cluster.logs(), stuck);
    }
  }

  @AfterEach
  void stop() {
    stopped.set(true);
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      Waits.await(vertx.close());
    }
  }
}

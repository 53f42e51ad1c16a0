package ledger.app;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.LongStream;

import io.grpc.ManagedChannel;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import ledger.app.StoreAudit.StoredEvent;
import ledger.app.client.RecordingListener;
import ledger.client.Backoff;
import ledger.client.BalanceWatch;
import ledger.testkit.GrpcJava;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.ProjectionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout's stop under load (docs/operations.md, "Graceful shutdown and connection lifetimes"):
 * callers deposit and transfer and StreamBalance streams follow four accounts while the process
 * serving them all is sent SIGTERM; a standby projection process takes the writer lock and the
 * stopped process is started again on its ports. Then: every acknowledged command is in
 * PostgreSQL and every balance is the sum of its acknowledged commands, every stream resumed
 * from its last version with nothing missed or repeated, callers saw only UNAVAILABLE, and the
 * stopping process logged no ERROR.
 */
class GracefulShutdownIT {

  private static final List<String> ACCOUNTS = List.of("acc-0", "acc-1", "acc-2", "acc-3", "acc-4", "acc-5");
  private static final long FUNDS_MINOR = 1_000_000;
  private static final String CURRENCY = "EUR";
  private static final Path LOGS = Path.of("target", "graceful-shutdown");
  private static final Duration LIMIT = Duration.ofSeconds(60);
  /** Acknowledged commands before the stop and again after the restart, so the stop meets load. */
  private static final int PROGRESS = 150;
  /** Enough callers that commands are in flight at the stop: with four, the NullPointerExceptions did not show. */
  private static final int CALLERS = 16;

  @TempDir
  Path work;
  private OwnPostgres postgres;
  private final OwnRedis redis = new OwnRedis();
  private LedgerProcess serving;
  private LedgerProcess standby;
  private ManagedChannel channel;
  private ManagedChannel standbyAdmin;
  private boolean standbyStarted;
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
  /** The four accounts' BalanceWatch listeners, by account, and the watches themselves. */
  private final Map<String, RecordingListener> streams = new java.util.LinkedHashMap<>();
  private final List<BalanceWatch> watches = new ArrayList<>();

  @Test
  void sigterm_under_load_loses_no_acknowledged_write_resumes_every_stream_and_logs_no_error() throws Exception {
    start();
    openAndFund();
    RetryingCallers callers = new RetryingCallers(channel, ACCOUNTS, CURRENCY, CALLERS, System.nanoTime());
    callers.start();
    for (String account : ACCOUNTS.subList(0, 4)) {
      RecordingListener stream = new RecordingListener();
      streams.put(account, stream);
      watches.add(BalanceWatch.of(channel, account).scheduler(retries)
          .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.5)).start(stream));
    }
    until("streams open and commands acknowledged", LIMIT, callers::ackedCount, n -> n >= PROGRESS
        && streams.values().stream().allMatch(s -> s.lastVersion() > 2));

    long sigterm = System.nanoTime();
    int exit = serving.stop(LIMIT);
    long stopMillis = (System.nanoTime() - sigterm) / 1_000_000;
    until("the standby to hold the writer lock", Duration.ofSeconds(30), this::writerPid,
        pid -> pid == standby.pid());
    long takeoverMillis = (System.nanoTime() - sigterm) / 1_000_000;
    long ackedAtStop = callers.ackedCount();
    serving.start();
    until("commands acknowledged after the restart", LIMIT, callers::ackedCount,
        n -> n >= ackedAtStop + PROGRESS);
    callers.stop();

    Map<String, Long> expected = expectedBalances(callers.acked());
    Map<String, List<StoredEvent>> stored = storedStreams();
    streams.forEach((account, stream) -> {
      long last = stored.get(account).size();
      until(account + "'s stream at its last version " + last, LIMIT, stream::lastVersion, v -> v == last);
    });
    watches.forEach(BalanceWatch::close);
    System.out.printf("GracefulShutdownIT: exit %d after %d ms, standby writing after %d ms; %d commands"
            + " acknowledged; callers saw %s; streams ended %s%n", exit, stopMillis, takeoverMillis,
        callers.ackedCount(), callers.refusals(),
        streams.values().stream().map(RecordingListener::endings).toList());

    assertThat(serving.log(1)).as("the stopping process's log").doesNotContain("ERROR", "NullPointerException");
    assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
    assertThat(callers.refusals().keySet()).as("what callers saw besides OK")
        .allMatch(status -> status.startsWith("UNAVAILABLE"));
    theStoreHoldsEveryAcknowledgedCommandOnce(stored, callers.acked());
    for (String account : ACCOUNTS) {
      assertThat(StoreAudit.replay(account, stored.get(account)).balanceMinor()).as(account + "'s balance")
          .isEqualTo(expected.get(account));
    }
    streams.forEach((account, stream) -> {
      List<Long> seen = stream.versions();
      assertThat(seen).as(account + ": every version once, in order, across the resumes")
          .containsExactlyElementsOf(LongStream.rangeClosed(seen.get(0), seen.get(seen.size() - 1)).boxed().toList());
      assertThat(stream.endings()).as(account + "'s stream ended by the stop and resumed")
          .containsKey("UNAVAILABLE SHUTTING_DOWN");
      assertThat(stream.error()).as(account + "'s watch ended by no refusal").isNull();
    });
  }

  private void theStoreHoldsEveryAcknowledgedCommandOnce(Map<String, List<StoredEvent>> stored,
                                                         Map<String, RetryingCallers.Acked> acked) {
    Map<String, Integer> eventsByCommand = new HashMap<>();
    stored.values().forEach(events -> events.forEach(event ->
        eventsByCommand.merge(event.metadata().getString("command_id"), 1, Integer::sum)));
    List<String> wrong = new ArrayList<>();
    acked.forEach((commandId, command) -> {
      int expected = command.from() == null ? 1 : 2;
      if (eventsByCommand.getOrDefault(commandId, 0) != expected) {
        wrong.add(commandId + " has " + eventsByCommand.getOrDefault(commandId, 0) + " events, not " + expected);
      }
    });
    assertThat(wrong).as("acknowledged commands not in the store exactly once").isEmpty();
  }

  private static Map<String, Long> expectedBalances(Map<String, RetryingCallers.Acked> acked) {
    Map<String, Long> balances = new HashMap<>();
    ACCOUNTS.forEach(account -> balances.put(account, FUNDS_MINOR));
    acked.values().forEach(command -> {
      balances.merge(command.to(), command.amountMinor(), Long::sum);
      if (command.from() != null) {
        balances.merge(command.from(), -command.amountMinor(), Long::sum);
      }
    });
    return balances;
  }

  private Map<String, List<StoredEvent>> storedStreams() {
    Vertx vertx = Vertx.vertx();
    try (StoreAudit audit = new StoreAudit(vertx, PgConnectOptions.fromUri(postgres.url()))) {
      return audit.streams();
    } finally {
      vertx.close();
    }
  }

  private void start() {
    BankCluster.clean(LOGS);
    postgres = new OwnPostgres(work.resolve("postgres"));
    postgres.start();
    redis.start();
    serving = new LedgerProcess("serving", "command,query,projection", LOGS, postgres.url(), redis.url());
    standby = new LedgerProcess("standby", "projection", LOGS, postgres.url(), redis.url());
    serving.start();
    channel = GrpcJava.channel(serving.grpcPort);
    standbyAdmin = GrpcJava.channel(standby.grpcPort);
    until("the serving process to hold the writer lock", LIMIT, this::writerPid, pid -> pid == serving.pid());
    standby.start();
    standbyStarted = true;
  }

  private void openAndFund() {
    CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(Duration.ofSeconds(30));
    for (String account : ACCOUNTS) {
      commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + account).setAccountId(account)
          .setCurrency(CURRENCY).build());
      commands.deposit(DepositRequest.newBuilder().setCommandId("fund-" + account).setAccountId(account)
          .setAmountMinor(FUNDS_MINOR).setCurrency(CURRENCY).build());
    }
  }

  /** The pid in the writer's connection name, as the standby reports it; -1 when it cannot tell. */
  private long writerPid() {
    try {
      ProjectionStatus status = AdminServiceGrpc.newBlockingStub(standbyStarted ? standbyAdmin : channel)
          .withDeadlineAfter(Duration.ofSeconds(5)).getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance());
      if (status.getPartitionsCount() == 0 || !status.getPartitions(0).hasActiveWriter()) {
        return -1;
      }
      var pid = java.util.regex.Pattern.compile("pid (\\d+)")
          .matcher(status.getPartitions(0).getActiveWriter().getApplicationName());
      return pid.find() ? Long.parseLong(pid.group(1)) : -1;
    } catch (io.grpc.StatusRuntimeException e) {
      return -1;
    }
  }

  @AfterEach
  void close() {
    watches.forEach(BalanceWatch::close);
    retries.shutdownNow();
    if (channel != null) {
      GrpcJava.close(channel);
      GrpcJava.close(standbyAdmin);
    }
    if (serving != null) {
      serving.close();
      standby.close();
    }
    redis.close();
    if (postgres != null) {
      postgres.close();
    }
  }
}

package ledger.bench.failover;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import ledger.app.client.GrpcCalls;
import ledger.app.server.EmbeddedBackends;
import ledger.bench.suite.Backends;
import ledger.testkit.TcpRelay;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.PartitionStatus;
import ledger.v1.ProjectionStatus;

/**
 * The deployment of docs/operations.md in miniature: an embedded PostgreSQL and Redis (the
 * servers `./ledger serve` embeds), one process with the command role, and two with the
 * projection role (one writes, the other stands by), each a JVM of its own that can be killed
 * with -9. Each projection process reaches PostgreSQL through a TCP relay of its own, which
 * can blackhole its connections (they stay open and go silent, as over a dropped route).
 */
final class FailoverCluster implements AutoCloseable {

  private static final Pattern WRITER_PID = Pattern.compile("ledger-projection pid (\\d+)");
  static final String ACCOUNT = "failover-bench";

  final EmbeddedBackends embedded = new EmbeddedBackends();
  final Vertx vertx = Vertx.vertx();
  final List<LedgerChild> projections = new ArrayList<>();
  final List<TcpRelay> relays = new ArrayList<>();
  private final List<GrpcCalls> admins = new ArrayList<>();
  private final Backends backends;
  private final LedgerChild command;
  private final GrpcCalls commands;
  private long deposits;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String pgUrl;
  private final String redisUrl;

  FailoverCluster(Path data, Path logs) {
    try {
      embedded.prepareRedis(data);
      redisUrl = embedded.startRedis();
      pgUrl = embedded.startPostgres(data);
    } catch (RuntimeException e) {
      embedded.close();
      vertx.close();
      throw e;
    }
    URI pg = URI.create(pgUrl);
    backends = new Backends(pg.getPort(), URI.create(redisUrl).getPort());
    command = new LedgerChild("command", "command", logs, pgUrl, redisUrl);
    for (String name : List.of("projection-a", "projection-b")) {
      TcpRelay relay = TcpRelay.to(vertx, "127.0.0.1", pg.getPort());
      relays.add(relay);
      LedgerChild projection = new LedgerChild(name, "projection", logs,
          "postgresql://postgres:postgres@127.0.0.1:" + relay.port() + "/postgres", redisUrl);
      projections.add(projection);
      admins.add(calls(projection.grpcPort));
    }
    commands = calls(command.grpcPort);
  }

  /** Starts the processes one after the other (the first projection takes the lock) and opens the account. */
  void start() {
    command.start();
    projections.forEach(LedgerChild::start);
    await(commands.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId("open-" + ACCOUNT).setAccountId(ACCOUNT).setCurrency("USD").build()));
  }

  private GrpcCalls calls(int port) {
    return new GrpcCalls(vertx, SocketAddress.inetSocketAddress(port, "127.0.0.1"), Duration.ofSeconds(5));
  }

  /** A deposit through the command process; its global position. */
  long deposit() {
    CommandResult result = await(commands.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId("deposit-" + ProcessHandle.current().pid() + "-" + (++deposits)).setAccountId(ACCOUNT)
        .setAmountMinor(1).setCurrency("USD").build()));
    return result.getGlobalPosition();
  }

  /** GetProjectionStatus's only partition, asked of that projection process; null when it does not answer. */
  PartitionStatus status(LedgerChild asked) {
    try {
      ProjectionStatus status = admins.get(projections.indexOf(asked))
          .unary(AdminServiceGrpcClient.GetProjectionStatus, GetProjectionStatusRequest.getDefaultInstance())
          .await(5, TimeUnit.SECONDS);
      return status.getPartitionsCount() == 0 ? null : status.getPartitions(0);
    } catch (Exception e) {
      return null;
    }
  }

  /** The projection process whose lock session the status names, or null (none, or not one of ours). */
  LedgerChild writerOf(PartitionStatus status) {
    if (status == null || !status.hasActiveWriter()) {
      return null;
    }
    Matcher pid = WRITER_PID.matcher(status.getActiveWriter().getApplicationName());
    if (!pid.find()) {
      return null;
    }
    long os = Long.parseLong(pid.group(1));
    return projections.stream().filter(p -> p.alive() && p.pid() == os).findFirst().orElse(null);
  }

  LedgerChild other(LedgerChild projection) {
    return projections.get(1 - projections.indexOf(projection));
  }

  TcpRelay relayOf(LedgerChild projection) {
    return relays.get(projections.indexOf(projection));
  }

  Map<String, String> postgresSettings() {
    return backends.postgres();
  }

  String redisVersion() {
    return backends.redis().getOrDefault("redis_version", "?");
  }

  /** pg_terminate_backend of that backend: PostgreSQL closes the session (and frees its locks). */
  void terminate(int backendPid) {
    backends.execute("SELECT pg_terminate_backend(" + backendPid + ")");
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Stops everything it started; also from a shutdown hook (Ctrl-C), so more than once. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    projections.forEach(LedgerChild::close);
    command.close();
    admins.forEach(GrpcCalls::close);
    commands.close();
    for (TcpRelay relay : relays) {
      try {
        relay.close();
      } catch (RuntimeException | AssertionError e) {
        // a relay whose connections were blackholed may not close them all; the process ends anyway
      }
    }
    backends.close();
    vertx.close().await();
    embedded.close();
  }
}

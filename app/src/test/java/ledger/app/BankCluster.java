package ledger.app;

import static ledger.testkit.Waits.until;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import ledger.testkit.GrpcJava;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.ProjectionStatus;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import ledger.v1.VerifyProjectionRequest;
import ledger.v1.VerifyProjectionUpdate;

/**
 * The bank's deployment in miniature: a PostgreSQL and a Redis of the test's own, one
 * process with the command and query roles, and two projection processes (one writes, the
 * other stands by), each a separate JVM the test can kill -9 and start again.
 */
final class BankCluster implements AutoCloseable {

  private static final Pattern WRITER_PID = Pattern.compile("ledger-projection pid (\\d+)");

  final OwnPostgres postgres;
  final OwnRedis redis = new OwnRedis();
  final LedgerProcess commandQuery;
  final List<LedgerProcess> projections = new ArrayList<>();
  final ManagedChannel channel;
  private final List<ManagedChannel> adminChannels = new ArrayList<>();

  BankCluster(Path work, Path logs) {
    this(work, logs, List.of());
  }

  /** {@code serveArgs}: options every process is started with, besides the usual ones. */
  BankCluster(Path work, Path logs, List<String> serveArgs) {
    clean(logs);
    postgres = new OwnPostgres(work.resolve("postgres"));
    commandQuery = new LedgerProcess("command-query", "command,query", logs, postgres.url(), redis.url(), serveArgs);
    for (String name : List.of("projection-a", "projection-b")) {
      LedgerProcess projection = new LedgerProcess(name, "projection", logs, postgres.url(), redis.url(),
          serveArgs);
      projections.add(projection);
      adminChannels.add(GrpcJava.channel(projection.grpcPort));
    }
    channel = GrpcJava.channel(commandQuery.grpcPort);
    try {
      postgres.start();
      redis.start();
      projections.forEach(LedgerProcess::start);
      commandQuery.start();
    } catch (RuntimeException | AssertionError e) {
      close();
      throw e;
    }
  }

  static void clean(Path logs) {
    try {
      Files.createDirectories(logs);
      try (Stream<Path> old = Files.list(logs)) {
        for (Path log : old.toList()) {
          Files.delete(log);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The projection process that holds the writer lock, asked of each in turn. */
  LedgerProcess activeProjection() {
    long pid = until("a projection process to hold the writer lock", Duration.ofSeconds(30), this::writerPid,
        found -> found > 0);
    return projections.stream().filter(p -> p.pid() == pid).findFirst()
        .orElseThrow(() -> new AssertionError("the writer lock is held by pid " + pid + ", none of the test's"));
  }

  /** The OS pid of the process whose connection holds the writer lock; -1 when no one answers or holds it. */
  long writerPid() {
    ProjectionStatus status = status();
    if (status == null || status.getPartitionsCount() == 0 || !status.getPartitions(0).hasActiveWriter()) {
      return -1;
    }
    Matcher pid = WRITER_PID.matcher(status.getPartitions(0).getActiveWriter().getApplicationName());
    return pid.find() ? Long.parseLong(pid.group(1)) : -1;
  }

  /** GetProjectionStatus from the first projection process that answers; null when none does. */
  ProjectionStatus status() {
    for (ManagedChannel admin : adminChannels) {
      try {
        return AdminServiceGrpc.newBlockingStub(admin).withDeadlineAfter(Duration.ofSeconds(5))
            .getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance());
      } catch (StatusRuntimeException e) {
        admin.resetConnectBackoff();
      }
    }
    return null;
  }

  List<VerifyProjectionUpdate> verify() {
    return verify(activeProjection());
  }

  /** VerifyProjection, asked of {@code projection}. */
  List<VerifyProjectionUpdate> verify(LedgerProcess projection) {
    List<VerifyProjectionUpdate> updates = new ArrayList<>();
    AdminServiceGrpc.newBlockingStub(adminOf(projection)).withDeadlineAfter(Duration.ofSeconds(60))
        .verifyProjection(VerifyProjectionRequest.getDefaultInstance()).forEachRemaining(updates::add);
    return updates;
  }

  /** RebuildProjection of one account, through the writer; its last progress message. */
  RebuildProgress rebuild(String account) {
    Iterator<RebuildProgress> progress = AdminServiceGrpc.newBlockingStub(adminOf(activeProjection()))
        .withDeadlineAfter(Duration.ofSeconds(60))
        .rebuildProjection(RebuildProjectionRequest.newBuilder().setAccountId(account).build());
    RebuildProgress last = null;
    while (progress.hasNext()) {
      last = progress.next();
    }
    return last;
  }

  private ManagedChannel adminOf(LedgerProcess projection) {
    return adminChannels.get(projections.indexOf(projection));
  }

  /** The last lines each process wrote, for a failure's message. */
  String logs() {
    StringBuilder logs = new StringBuilder();
    for (LedgerProcess process : concat()) {
      logs.append("\n--- ").append(process.name()).append(" ---\n").append(process.logTail(40));
    }
    return logs.toString();
  }

  private List<LedgerProcess> concat() {
    List<LedgerProcess> all = new ArrayList<>(projections);
    all.add(0, commandQuery);
    return all;
  }

  @Override
  public void close() {
    GrpcJava.close(channel);
    adminChannels.forEach(GrpcJava::close);
    concat().forEach(LedgerProcess::close);
    redis.close();
    postgres.close();
  }
}

package ledger.load.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.common.GrpcStatus;
import ledger.app.client.GrpcCalls;
import ledger.load.config.GoDuration;
import ledger.load.grpc.Connections;
import ledger.load.grpc.Connections.Connection;
import ledger.load.grpc.TypedCalls;
import ledger.load.runner.OpenLoop;
import ledger.load.runner.OpenLoopLane;
import ledger.load.runner.RunResult;
import ledger.load.runner.Schedule;
import ledger.load.runner.Tally;

/**
 * Commit → stream delivery lag, which ghz cannot express: opens a StreamBalance stream on
 * each of N accounts, then deposits into them round-robin at a fixed rate (open loop) and
 * measures, for every deposit, the time from just before it is sent to the arrival of the
 * stream message that carries it. Each deposit on an account in this run has an amount of
 * its own (1, 2, 3 ...), which is how its message is recognised. The deposit's own latency
 * (from its scheduled start, coordinated-omission corrected) is kept beside it, and the
 * stream's contract is checked on the way: one message per version, in order.
 *
 * <p>The commit itself happens inside the server, between the deposit's send and its answer,
 * so the runner brackets it: the main figure runs from just before the send (an upper bound
 * of commit → message; it includes the deposit's own round trip), and the extra histogram
 * {@link LagAccount#AFTER_ANSWER} from the arrival of the deposit's answer (a lower bound; 0
 * when the message came first).
 *
 * <p>At scale ({@code --streams 10000 --connections 4}) the streams are multiplexed over a few
 * HTTP/2 connections: a Vert.x client connection opens as many streams as the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS allows. With {@code memoryPid} set, the server process on
 * this machine is measured ({@link ServiceMemory}) before the streams are opened and after
 * every one has its first message, and the difference per stream goes into the run's notes.
 */
public final class StreamLagScenario {

  static final String NOT_DELIVERED = "NOT_DELIVERED";
  private static final int MAX_IN_FLIGHT = 512;
  private static final int STREAMS_PER_CONNECTION = 80;

  /** @param grace how long to wait for the last deliveries once the last deposit has answered */
  /**
   * @param connections HTTP/2 connections the streams and deposits share; 0: one per 80 streams
   * @param memoryPid   the server's process id on this machine, to measure its memory per stream; 0: not measured
   */
  public record Options(String name, String host, int streams, int rate, Duration duration, String prefix,
                        String currency, Duration timeout, Duration grace, int connections, long memoryPid) {

    public Options(String name, String host, int streams, int rate, Duration duration, String prefix,
                   String currency, Duration timeout, Duration grace) {
      this(name, host, streams, rate, duration, prefix, currency, timeout, grace, 0, 0);
    }

    public int connectionCount() {
      return connections > 0 ? connections
          : Math.max(1, (streams + 16 + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION);
    }
  }

  private final Options options;
  private final String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

  public StreamLagScenario(Options options) {
    this.options = options;
  }

  /** Blocking; call it from a plain thread. */
  public RunResult run() {
    SocketAddress target = GrpcCalls.parseTarget(options.host());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try (Connections connections = Connections.open(vertx, options.connectionCount(), Duration.ofSeconds(10))) {
      AccountSetup.Result setup = new AccountSetup(new AccountSetup.Options(options.host(), options.streams(),
          options.prefix(), options.currency(), 0, 16, options.timeout())).run(connections);
      if (!setup.ok()) {
        throw new ScenarioException("could not open the accounts: " + setup.errors(), null);
      }
      TypedCalls calls = new TypedCalls(target, options.timeout());
      List<LagAccount> accounts = new ArrayList<>();
      for (int i = 0; i < options.streams(); i++) {
        accounts.add(new LagAccount(AccountSetup.account(options.prefix(), i), connections.get(i % connections.size()),
            options.currency(), "lag-" + run + "-"));
      }
      ServiceMemory memory = options.memoryPid() > 0 ? new ServiceMemory(options.memoryPid()) : null;
      ServiceMemory.Reading before = memory == null ? null : memory.read();
      long opening = System.nanoTime();
      openStreams(target, accounts);
      long openedMillis = (System.nanoTime() - opening) / 1_000_000;
      List<String> notes = new ArrayList<>();
      notes.add(String.format("%,d streams over %d connections, all open (first message received) in %,d ms",
          accounts.size(), connections.size(), openedMillis));
      JsonObject measured = new JsonObject().put("openMillis", openedMillis);
      if (memory != null) {
        ServiceMemory.Reading after = memory.read();
        notes.add(memoryNote(before, after));
        measured.put("serverPid", options.memoryPid())
            .put("liveHeapKbBefore", before.liveHeapKb()).put("liveHeapKbWithStreams", after.liveHeapKb())
            .put("rssKbBefore", before.rssKb()).put("rssKbWithStreams", after.rssKb());
      }
      notes.forEach(n -> System.err.println("stream-lag: " + n));
      long start = System.nanoTime();
      Tally timed = new Tally(start, false, 0);
      timed.declare(LagAccount.DEPOSIT, LagAccount.UPDATES, LagAccount.BEFORE_ANSWER, LagAccount.GAPS,
          LagAccount.FOREIGN, LagAccount.ENDED);
      timed.declare(LagAccount.AFTER_ANSWER);
      accounts.forEach(a -> a.measureInto(timed));
      deposit(vertx, connections.get(0), calls, accounts, start).await();
      drain(accounts);
      accounts.forEach(a -> a.pending().forEach((amount, sent) ->
          timed.record(NOT_DELIVERED, "no stream message for a deposit within " + GoDuration.format(options.grace())
              + " of the last answer", 0, System.nanoTime())));
      timed.close(System.nanoTime());
      accounts.forEach(a -> a.connection().context().runOnContext(v -> a.close()));
      return timed.result(options.name(), "stream-lag", settings().put("measured", measured),
          "from just before sending a Deposit to the StreamBalance message that carries it", notes);
    } finally {
      vertx.close().await();
    }
  }

  private void openStreams(SocketAddress target, List<LagAccount> accounts) {
    List<Future<Void>> opened = accounts.stream().map(a -> a.open(target)).toList();
    try {
      Future.all(opened).await(openTimeoutSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new ScenarioException("the StreamBalance streams did not all send their first message within "
          + openTimeoutSeconds() + " s", e);
    } catch (Exception e) {
      GrpcStatus status = TypedCalls.statusOf(e);
      throw new ScenarioException(status == GrpcStatus.UNIMPLEMENTED
          ? "the server does not serve QueryService/StreamBalance (UNIMPLEMENTED)"
          : "opening the StreamBalance streams failed: " + status + ": " + e.getMessage(), e);
    }
  }

  /** 30 s, and 10 ms more per stream beyond the first thousand (the server reads each account's view). */
  private long openTimeoutSeconds() {
    return 30 + Math.max(0, options.streams() - 1_000) / 100;
  }

  private String memoryNote(ServiceMemory.Reading before, ServiceMemory.Reading after) {
    ServiceMemory.Reading added = after.minus(before);
    int n = options.streams();
    return String.format("server process %d, after a full GC: live heap %,d KiB before the streams, %,d KiB with them"
            + " (%,.1f KiB per stream); resident set %,d KiB before, %,d KiB with them (%,.1f KiB per stream)",
        options.memoryPid(), before.liveHeapKb(), after.liveHeapKb(), added.liveHeapKb() / (double) n,
        before.rssKb(), after.rssKb(), added.rssKb() / (double) n);
  }

  /** The open loop of deposits: one lane, on the first connection's context, hands each to its account's context. */
  private Future<Void> deposit(Vertx vertx, Connection laneConnection, TypedCalls calls, List<LagAccount> accounts,
                               long start) {
    Schedule schedule = new Schedule(start, options.rate(), Long.MAX_VALUE, start + options.duration().toNanos());
    OpenLoopLane lane = new OpenLoopLane(vertx, laneConnection);
    List<Integer> workers = new ArrayList<>();
    for (int w = 0; w < MAX_IN_FLIGHT; w++) {
      workers.add(w);
    }
    OpenLoop loop = new OpenLoop(schedule, 0, 1, workers, (n, intended, worker) -> {
      LagAccount a = accounts.get((int) (n % accounts.size()));
      Runnable release = () -> laneConnection.context().runOnContext(v -> lane.release(worker));
      a.connection().context().runOnContext(v -> a.deposit(calls, n, intended, release));
    });
    return lane.start(loop);
  }

  private void drain(List<LagAccount> accounts) {
    long until = System.nanoTime() + options.grace().toNanos();
    while (System.nanoTime() - until < 0 && accounts.stream().anyMatch(a -> !a.pending().isEmpty())) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private JsonObject settings() {
    return new JsonObject()
        .put("call", "StreamBalance on each account, Deposit into them round-robin")
        .put("host", options.host())
        .put("load", "open loop at " + options.rate() + " deposits/s over " + options.streams() + " streams")
        .put("streams", options.streams())
        .put("connections", options.connectionCount())
        .put("rps", options.rate())
        .put("duration", GoDuration.format(options.duration()))
        .put("accounts", options.prefix() + "0 .. " + options.prefix() + (options.streams() - 1))
        .put("timeout", GoDuration.format(options.timeout()));
  }
}

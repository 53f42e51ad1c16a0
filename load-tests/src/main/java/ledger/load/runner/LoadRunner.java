package ledger.load.runner;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;
import ledger.load.config.ConfigException;
import ledger.load.config.DurationStop;
import ledger.load.config.GhzConfig;
import ledger.load.grpc.CallOutcome;
import ledger.load.grpc.ClientTls;
import ledger.load.grpc.Connections;
import ledger.load.grpc.Connections.Connection;
import ledger.load.grpc.GrpcCaller;
import ledger.load.grpc.MethodTarget;
import ledger.load.grpc.ReflectionClient;
import ledger.load.grpc.StreamLimits;

/**
 * Plays one ghz config against a server: looks the method up through reflection, opens the
 * connections, runs the closed or open loop, and returns what it measured. Blocking; call
 * it from a plain thread.
 */
public final class LoadRunner {

  public static final String CLIENT_ERROR = "CLIENT_ERROR";
  static final String SERVICE_TIME = "service time (from the actual send)";

  private final PrintStream progress;

  /** @param progress where a line of progress goes every few seconds of a long run; null for none */
  public LoadRunner(PrintStream progress) {
    this.progress = progress;
  }

  public RunResult run(GhzConfig config) {
    if (config.host() == null) {
      throw new ConfigException("no host: give \"host\" in the config or --host");
    }
    ClientTls tls = ClientTls.of(config.transport());
    SocketAddress target = tls.target(config.host());
    int loops = Math.max(1, Math.min(config.connections(), Runtime.getRuntime().availableProcessors()));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    try (Connections connections = Connections.open(vertx, config.connections(), config.connectTimeout(), tls)) {
      MethodTarget method = resolve(connections, target, config, tls);
      RequestFactory requests = requestFactory(config, method);
      GrpcCaller caller = new GrpcCaller(vertx, target, method, config.timeout(),
          new StreamLimits(config.streamCallCount(), config.streamCallDuration()));
      return play(vertx, connections, config, requests, caller);
    } finally {
      vertx.close().await();
    }
  }

  private static MethodTarget resolve(Connections connections, SocketAddress target, GhzConfig config,
                                      ClientTls tls) {
    MethodTarget method;
    try {
      method = new ReflectionClient(connections.get(0).client(), target, Duration.ofSeconds(10)).method(config.call())
          .await(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new ConfigException("cannot resolve " + config.call() + " on " + config.host() + " over "
          + config.transport().describe() + ": " + tls.explain(e), e);
    }
    if (method.clientStreaming()) {
      throw new ConfigException(config.call() + " is client-streaming; the Java runner plays unary and server-streaming"
          + " calls only");
    }
    return method;
  }

  private static RequestFactory requestFactory(GhzConfig config, MethodTarget method) {
    try {
      RequestFactory requests = new RequestFactory(config, method);
      requests.build(0, requests.workerId(0, 0), ThreadLocalRandom.current());
      return requests;
    } catch (RuntimeException e) {
      throw new ConfigException("\"data\" does not make a valid " + method.input().getFullName() + ": "
          + e.getMessage(), e);
    }
  }

  private RunResult play(Vertx vertx, Connections connections, GhzConfig config, RequestFactory requests,
                         GrpcCaller caller) {
    long start = System.nanoTime();
    boolean open = config.rps() > 0;
    Tally tally = new Tally(start, config.countErrors(), config.skipFirst());
    if (open) {
      tally.declare(SERVICE_TIME);
    }
    boolean streaming = caller.method().serverStreaming();
    if (streaming) {
      tally.declare(null, "stream messages");
    }
    AtomicBoolean stopped = new AtomicBoolean();
    Launcher launcher = (connection, n, workerId, intended, done) -> {
      // once the run is over nothing starts; the loops are left where they are and dropped
      if (!stopped.get()) {
        launch(connection, requests, caller, tally, n, workerId, intended, done);
      }
    };
    long end = end(start, config);
    long total = config.timed() ? Long.MAX_VALUE : config.total();
    Future<Void> load = open ? openLoop(vertx, connections, config, requests, launcher, start, total, end)
        : new ClosedLoop(connections, config.concurrency(), new RunLimits(total, end), launcher, requests).start();
    Promise<Void> finished = Promise.promise();
    load.onComplete(done -> finished.tryComplete());
    if (config.timed() && config.durationStop() != DurationStop.WAIT) {
      vertx.setTimer(Math.max(1, config.duration().toMillis()), id -> {
        tally.close(System.nanoTime());
        finished.tryComplete();
      });
    }
    long ticker = progress == null ? -1 : vertx.setPeriodic(5_000, id -> progress.printf("  %,d calls in %.0f s%n",
        tally.count(), (System.nanoTime() - start) / 1e9));
    finished.future().await();
    stopped.set(true);
    vertx.cancelTimer(ticker);
    tally.close(System.nanoTime());
    return tally.result(config.name(), "ghz", RunSettings.of(config, caller.method(), open), open
        ? "from each call's scheduled start (coordinated-omission corrected)" + (streaming ? " to its first message" : "")
        : streaming ? "from sending the request to the first stream message" : "from sending the request to its end",
        config.notes());
  }

  private static void launch(Connection connection, RequestFactory requests, GrpcCaller caller, Tally tally, long n,
                             String workerId, long intended, Runnable done) {
    RequestFactory.Request request;
    try {
      request = requests.build(n, workerId, ThreadLocalRandom.current());
    } catch (RequestException e) {
      long now = System.nanoTime();
      tally.record(CLIENT_ERROR, e.getMessage(), 0, now);
      connection.context().runOnContext(v -> done.run());
      return;
    }
    boolean streaming = caller.method().serverStreaming();
    caller.call(connection, request.payload(), request.metadata(), (CallOutcome outcome) -> {
      long answered = outcome.answeredNanos(streaming);
      long from = intended == -1 ? outcome.sentNanos() : intended;
      if (tally.record(outcome.status().name(), outcome.message(), answered - from, outcome.endNanos())) {
        if (intended != -1) {
          tally.recordExtra(SERVICE_TIME, answered - outcome.sentNanos());
        }
        if (streaming) {
          tally.add("stream messages", outcome.messages());
        }
      }
      done.run();
    });
  }

  private static Future<Void> openLoop(Vertx vertx, Connections connections, GhzConfig config, RequestFactory requests,
                                       Launcher launcher, long start, long total, long end) {
    Schedule schedule = new Schedule(start, config.rps(), total, end);
    int lanes = connections.size();
    List<Future<Void>> finished = new ArrayList<>();
    for (Connection connection : connections.all()) {
      List<Integer> workers = new ArrayList<>();
      for (int w = connection.index(); w < config.concurrency(); w += lanes) {
        workers.add(w);
      }
      OpenLoopLane lane = new OpenLoopLane(vertx, connection);
      OpenLoop loop = new OpenLoop(schedule, connection.index(), lanes, workers, (n, intended, worker) ->
          launcher.launch(connection, n, requests.workerId(worker, connection.index()), intended,
              () -> lane.release(worker)));
      finished.add(lane.start(loop));
    }
    return Future.all(finished).mapEmpty();
  }

  private static long end(long start, GhzConfig config) {
    if (config.timed()) {
      return start + config.duration().toNanos();
    }
    if (!config.maxDuration().isZero()) {
      return start + config.maxDuration().toNanos();
    }
    return Long.MAX_VALUE;
  }
}

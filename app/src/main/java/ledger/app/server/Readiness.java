package ledger.app.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;

/**
 * Ready means: the role's verticles are up and every backend they need answers now.
 * Asked by /health/ready and by gRPC health checks; each answer is a probe at most
 * {@link #PROBE_REUSE_MS} old, bounded by a short timeout.
 */
public final class Readiness {

  private static final long PROBE_TIMEOUT_MS = 1000;
  /** How long one probe's answer stands for every check that asks. */
  static final long PROBE_REUSE_MS = 1000;

  private final Pool postgres;
  private final Redis redis;
  private final Map<String, Supplier<Future<Object>>> details = new LinkedHashMap<>();
  private volatile boolean started;
  private volatile boolean stopping;
  private Future<Map<String, Boolean>> lastProbe;
  private long lastProbeAt;

  /** Either backend may be null when no role of this process needs it. */
  public Readiness(Pool postgres, Redis redis) {
    this.postgres = postgres;
    this.redis = redis;
  }

  /**
   * A fact shown beside the checks that does not make the process unready, e.g. degraded
   * accounts: the process serves every other account. Registered before the process starts.
   */
  public void detail(String name, Supplier<Future<Object>> value) {
    details.put(name, value);
  }

  /** Each detail by name; one that could not be read now is left out. */
  public Future<Map<String, Object>> details() {
    Map<String, Future<Object>> values = new LinkedHashMap<>();
    details.forEach((name, value) -> values.put(name, value.get()
        .timeout(PROBE_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)));
    return Future.join(List.copyOf(values.values())).transform(done -> {
      Map<String, Object> results = new LinkedHashMap<>();
      values.forEach((name, value) -> {
        if (value.succeeded()) {
          results.put(name, value.result());
        }
      });
      return Future.succeededFuture(results);
    });
  }

  public void started() {
    started = true;
  }

  public void stopping() {
    stopping = true;
  }

  public boolean isLive() {
    return !stopping;
  }

  /**
   * Each check by name, true when it passed. The backends are probed at most once a
   * {@link #PROBE_REUSE_MS}, one probe at a time, and callers in between share its answer:
   * gRPC health checks and watches are open to anyone, unauthenticated and outside every
   * per-caller limit, and a probe per check let a flood of them queue thousands of queries on
   * the one probe connection until the real probes timed out and the pod was taken out of service.
   */
  public Future<Map<String, Boolean>> checks() {
    Future<Map<String, Boolean>> backends;
    synchronized (this) {
      long now = System.nanoTime();
      if (lastProbe == null || lastProbe.isComplete() && now - lastProbeAt >= PROBE_REUSE_MS * 1_000_000) {
        lastProbe = probeBackends();
        lastProbeAt = now;
      }
      backends = lastProbe;
    }
    Context caller = Vertx.currentContext();
    Promise<Map<String, Boolean>> answer = Promise.promise();
    backends.onComplete(done -> {
      // the probe may have been started on another event loop: answer on the caller's own
      if (caller == null || Vertx.currentContext() == caller) {
        answer.handle(done);
      } else {
        caller.runOnContext(v -> answer.handle(done));
      }
    });
    return answer.future().map(probed -> {
      Map<String, Boolean> results = new LinkedHashMap<>();
      results.put("roles", started && !stopping);
      results.putAll(probed);
      return results;
    });
  }

  private Future<Map<String, Boolean>> probeBackends() {
    Map<String, Future<Boolean>> probes = new LinkedHashMap<>();
    if (postgres != null) {
      probes.put("postgresql", probe(postgres.query("SELECT 1").execute()));
    }
    if (redis != null) {
      probes.put("redis", probe(redis.send(Request.cmd(Command.PING))));
    }
    return Future.join(List.copyOf(probes.values())).transform(done -> {
      Map<String, Boolean> results = new LinkedHashMap<>();
      probes.forEach((name, probe) -> results.put(name, probe.succeeded() && probe.result()));
      return Future.succeededFuture(results);
    });
  }

  public Future<Boolean> ready() {
    return checks().map(results -> results.values().stream().allMatch(Boolean::booleanValue));
  }

  private static Future<Boolean> probe(Future<?> call) {
    return call.timeout(PROBE_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .map(answered -> true)
        .otherwise(false);
  }
}

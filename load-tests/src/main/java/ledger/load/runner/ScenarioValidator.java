package ledger.load.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import ledger.load.config.ConfigException;
import ledger.load.config.GhzConfig;
import ledger.load.grpc.ClientTls;
import ledger.load.grpc.MethodTarget;
import ledger.load.grpc.ReflectionClient;

/**
 * Checks configs against the server they name, without loading it: the call is served and
 * described by both reflection versions (ghz asks v1alpha, newer tools v1), and the data
 * fits the request message ({@link ConfigCheck}). Blocking; call it from a plain thread.
 */
public final class ScenarioValidator implements AutoCloseable {

  /** @param description what the call is, for a line of output; @param problems empty when it fits */
  public record Verdict(String description, List<String> problems) {
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final Map<String, GrpcClient> clients = new HashMap<>();

  public Verdict check(GhzConfig config) {
    if (config.host() == null) {
      return new Verdict("", List.of("no host: give \"host\" in the config or --host"));
    }
    ClientTls tls;
    SocketAddress target;
    try {
      tls = ClientTls.of(config.transport());
      target = tls.target(config.host());
    } catch (ConfigException e) {
      return new Verdict("", List.of(e.getMessage()));
    }
    GrpcClient client = clients.computeIfAbsent(config.host() + " " + config.transport(), h -> GrpcClient.client(vertx,
        tls.apply(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false))));
    List<String> problems = new ArrayList<>();
    MethodTarget method = null;
    for (String reflection : List.of(ReflectionClient.V1_ALPHA, ReflectionClient.V1)) {
      try {
        method = new ReflectionClient(client, target, TIMEOUT).using(reflection).method(config.call())
            .await(TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        problems.add(config.call() + " through " + reflection + ": " + tls.explain(e));
      }
    }
    if (method == null) {
      return new Verdict("", problems);
    }
    problems.addAll(ConfigCheck.problems(config, method));
    String description = method.descriptor().getFullName() + " (" + (method.serverStreaming() ? "server-streaming"
        : "unary") + ", " + method.input().getName() + " -> " + method.output().getName() + ")";
    return new Verdict(description, problems);
  }

  @Override
  public void close() {
    clients.values().forEach(GrpcClient::close);
    vertx.close().await();
  }
}

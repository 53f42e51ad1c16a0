package ledger.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three roles each in its own process, as they are deployed in production: the projection's
 * {@code ./ledger serve --roles projection} starts the embedded PostgreSQL and Redis on the run's
 * data folder, and the command and query processes use those ({@code LEDGER_PG_URL},
 * {@code LEDGER_REDIS_URL}), each on ports of its own.
 */
final class SeparateRoles implements AutoCloseable {

  static final List<String> NAMES = List.of("command", "projection", "query");

  private final ServiceProcess projection;
  private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();

  private SeparateRoles(ServiceProcess projection) {
    this.projection = projection;
  }

  static SeparateRoles start(Path repo, Path data, Path results, Duration timeout) {
    SeparateRoles roles = new SeparateRoles(serve(repo, data, results, "projection", Map.of(), timeout));
    roles.processes.put("projection", roles.projection);
    try {
      ServiceProcess.Start backends = roles.projection.startup();
      if (backends.postgresPort() == 0 || backends.redisPort() == 0) {
        throw new SuiteException("the projection process did not say where its embedded PostgreSQL and Redis listen;"
            + " see its log");
      }
      Map<String, String> environment = Map.of(
          "LEDGER_PG_URL", "postgresql://postgres:postgres@127.0.0.1:" + backends.postgresPort() + "/postgres",
          "LEDGER_REDIS_URL", "redis://127.0.0.1:" + backends.redisPort());
      for (String role : List.of("command", "query")) {
        roles.processes.put(role, serve(repo, data.resolveSibling(data.getFileName() + "-" + role), results, role,
            environment, timeout));
      }
      return roles;
    } catch (RuntimeException e) {
      roles.close();
      throw e;
    }
  }

  private static ServiceProcess serve(Path repo, Path data, Path results, String role, Map<String, String> environment,
                                      Duration timeout) {
    int grpcPort = (int) ServiceProcess.freePort().orElseThrow();
    int httpPort = (int) ServiceProcess.freePort().orElseThrow();
    return ServiceProcess.start(repo, data, grpcPort, httpPort, results.resolve("service-" + role + ".log"), timeout,
        List.of("--roles", role), environment);
  }

  /** Where deposits go. */
  String commandTarget() {
    return processes.get("command").grpcTarget();
  }

  String commandMetricsUrl() {
    return processes.get("command").metricsUrl();
  }

  /** Each role's JVM, by role name. */
  Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    NAMES.forEach(role -> pids.put(role, processes.get(role).pid()));
    return pids;
  }

  long postmasterPid() {
    return projection.postmasterPid();
  }

  long redisPid() {
    return projection.redisPid();
  }

  /** The command and query processes first, then the projection's, which stops PostgreSQL and Redis. */
  @Override
  public void close() {
    try {
      for (String role : List.of("command", "query")) {
        ServiceProcess process = processes.get(role);
        if (process != null) {
          process.close();
        }
      }
    } finally {
      projection.close();
    }
  }
}

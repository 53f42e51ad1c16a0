package ledger.app.server;

/**
 * What an orchestrator probes (docs/kubernetes.md, "Probes"): the HTTP paths, and the gRPC
 * health service name that answers for liveness. The Kubernetes manifests' tests read these.
 */
public final class Probes {

  /** HTTP: 200 while the process runs and is not stopping; never asks a backend. */
  public static final String HEALTH_LIVE = "/health/live";
  /** HTTP: 200 when the roles are up and every backend they need answers. */
  public static final String HEALTH_READY = "/health/ready";
  /** HTTP: Prometheus text format. */
  public static final String METRICS = "/metrics";
  /**
   * grpc.health.v1.Health service name that is SERVING while the process is live, whatever its
   * backends: a liveness probe on "" (readiness) would restart every pod when PostgreSQL blips.
   */
  public static final String GRPC_LIVENESS = "liveness";

  private Probes() {
  }
}

package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.vertx.pgclient.PgConnectOptions;
import ledger.app.server.LedgerServer;
import ledger.app.server.Probes;
import ledger.app.server.Role;
import ledger.app.server.ServerConfig;
import ledger.testkit.GrpcJava;
import ledger.testkit.TestInfra;
import ledger.testkit.Waits;
import org.junit.jupiter.api.Test;

/**
 * The probes the Kubernetes manifests use (docs/kubernetes.md, "Probes"): gRPC health "" is
 * readiness and follows the backends; the service {@link Probes#GRPC_LIVENESS} is liveness and
 * does not, so an outage of PostgreSQL takes pods out of service without restarting them all.
 */
class ProbesIT {

  @Test
  void grpc_liveness_stays_serving_while_readiness_follows_postgresql_away_and_back() throws SQLException {
    PgConnectOptions database = TestInfra.freshDatabase("probes");
    ServerConfig config = ServerConfig.defaults()
        .withRoles(EnumSet.of(Role.COMMAND))
        .withEndpoints("127.0.0.1", TestInfra.freePort(), TestInfra.freePort())
        .withStorage(Path.of("target", "unused-data"), TestInfra.pgUrl(database), null, "ledger:")
        .withSizing(1, 2, 1);
    try (LedgerServer server = LedgerServer.start(config)) {
      ManagedChannel channel = GrpcJava.channel(config.grpcPort());
      try {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        assertThat(status(health, "")).isEqualTo(ServingStatus.SERVING);
        assertThat(status(health, Probes.GRPC_LIVENESS)).isEqualTo(ServingStatus.SERVING);

        refuseConnections(database, true);
        Waits.until("readiness to see PostgreSQL gone", Waits.LIMIT, () -> status(health, ""),
            s -> s == ServingStatus.NOT_SERVING);
        assertThat(status(health, Probes.GRPC_LIVENESS)).isEqualTo(ServingStatus.SERVING);

        refuseConnections(database, false);
        Waits.until("readiness to see PostgreSQL back", Waits.LIMIT, () -> status(health, ""),
            s -> s == ServingStatus.SERVING);
      } finally {
        refuseConnections(database, false);
        GrpcJava.close(channel);
      }
    }
  }

  private static ServingStatus status(HealthGrpc.HealthBlockingStub health, String service) {
    return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  /** The database refuses new sessions and ends the open ones (the server's probe connection among them), or admits them again. */
  private static void refuseConnections(PgConnectOptions database, boolean refuse) throws SQLException {
    try (Connection conn = TestInfra.postgres().getPostgresDatabase().getConnection();
         Statement sql = conn.createStatement()) {
      sql.execute("ALTER DATABASE " + database.getDatabase() + " ALLOW_CONNECTIONS " + !refuse);
      if (refuse) {
        sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + database.getDatabase() + "'");
      }
    }
  }
}

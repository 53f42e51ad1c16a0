package ledger.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.pgclient.PgConnectOptions;
import ledger.app.client.GrpcCalls;
import ledger.app.server.LedgerServer;
import ledger.app.server.Role;
import ledger.app.server.ServerConfig;
import ledger.testkit.TestInfra;

/**
 * A whole ledger process (every role) on free ports, over the test JVM's real PostgreSQL
 * and Redis with a database and key prefix of its own, plus a client of each kind.
 */
final class ServerFixture implements AutoCloseable {

  /** The snapshot interval the command role runs with unless a test asks for another. */
  static final int DEFAULT_SNAPSHOT_EVERY = 100;

  final int grpcPort = TestInfra.freePort();
  final int httpPort = TestInfra.freePort();
  final LedgerServer server;
  final Vertx clientVertx = Vertx.vertx();
  final GrpcCalls vertxClient;
  final ManagedChannel channel;
  /** The process's own database, for tests that check the event store with plain SQL. */
  final PgConnectOptions database;

  ServerFixture(String name) {
    this(name, DEFAULT_SNAPSHOT_EVERY);
  }

  /** A process whose command role snapshots each account every {@code snapshotEvery} events. */
  ServerFixture(String name, int snapshotEvery) {
    this(name, snapshotEvery, EnumSet.allOf(Role.class));
  }

  /** A process that runs only the given roles. */
  ServerFixture(String name, Set<Role> roles) {
    this(name, DEFAULT_SNAPSHOT_EVERY, roles);
  }

  private ServerFixture(String name, int snapshotEvery, Set<Role> roles) {
    database = TestInfra.freshDatabase(name);
    ServerConfig config = ServerConfig.defaults()
        .withRoles(roles)
        .withEndpoints("127.0.0.1", grpcPort, httpPort)
        .withStorage(Path.of("target", "unused-data"), TestInfra.pgUrl(database), TestInfra.redisUrl(),
            TestInfra.freshPrefix(name))
        .withSizing(2, 8, 4)
        .withCommandTuning(snapshotEvery, 10_000, 256, 2)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2));
    server = LedgerServer.start(config);
    vertxClient = new GrpcCalls(clientVertx, SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1"),
        Duration.ofSeconds(10));
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    vertxClient.close();
    await(clientVertx.close());
    server.close();
  }
}

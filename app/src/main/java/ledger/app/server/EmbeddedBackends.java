package ledger.app.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis servers started from the jars on the classpath, their data
 * kept under the data folder so that a restart finds everything. Each takes a free port,
 * so instances with different data folders run side by side. Blocking: called before
 * any verticle is deployed, never on an event loop.
 */
public final class EmbeddedBackends implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBackends.class);

  // Started from two threads at once, closed from a third.
  private volatile EmbeddedPostgres postgres;
  private volatile RedisServer redis;
  private volatile int redisPort;

  public String startPostgres(Path dataDir) {
    Path dir = dataDir.resolve("postgres");
    StaleServer.stop(dir.resolve("postmaster.pid"), "postgres");
    try {
      Files.createDirectories(dir.getParent());
      postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          // zonky turns both off for speed; a ledger's commits must survive a crash of the machine
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "200")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start in " + dir, e);
    }
    LOG.info("Embedded PostgreSQL on port {}, data in {}", postgres.getPort(), dir);
    return "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public String startRedis(Path dataDir) {
    Path dir = dataDir.resolve("redis").toAbsolutePath();
    StaleServer.stop(dir.resolve("redis.pid"), "redis-server");
    try {
      Files.createDirectories(dir);
      redisPort = freePort();
      redis = RedisServer.newRedisServer()
          .port(redisPort)
          .bind("127.0.0.1")
          .setting("dir " + dir)
          .setting("pidfile " + dir.resolve("redis.pid"))
          // The views are derived: a snapshot now and then (and at a clean shutdown) is all a
          // restart needs; the projection replays whatever came after the snapshot's checkpoint.
          // An append-only file would cost a write per change and a long replay at start-up.
          .setting("appendonly no")
          .setting("save 300 1")
          .setting("save 60 1000")
          .onShutdownForceStop(false)
          .build();
      redis.start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis did not start in " + dir, e);
    }
    LOG.info("Embedded Redis on port {}, data in {}", redisPort, dir);
    return "redis://127.0.0.1:" + redisPort;
  }

  @Override
  public void close() {
    if (redis != null) {
      try {
        redis.stop();
      } catch (IOException e) {
        LOG.warn("Embedded Redis did not stop cleanly", e);
      }
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

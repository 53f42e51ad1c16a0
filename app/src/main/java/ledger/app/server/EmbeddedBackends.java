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
          // commit times, so that projection lag is measured from the commit (see EventTail)
          .setServerConfig("track_commit_timestamp", "on")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start in " + dir, e);
    }
    LOG.info("Embedded PostgreSQL on port {}, data in {}", postgres.getPort(), dir);
    return "postgresql://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /**
   * Builds the Redis server, which writes its executable to a temporary file. Call it before
   * anything else in the process starts a program: a child forked while that file is still
   * open for writing inherits the open file, and running the executable then fails with
   * "Text file busy" (ETXTBSY) until the child has exec'ed.
   */
  public void prepareRedis(Path dataDir) {
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
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis could not be prepared in " + dir, e);
    }
  }

  /** Starts the server {@link #prepareRedis} built; may run beside {@link #startPostgres}. */
  public String startRedis() {
    for (int attempt = 1; ; attempt++) {
      try {
        redis.start();
        break;
      } catch (IOException e) {
        // A program started elsewhere in this process (PostgreSQL's) may still hold the
        // executable open for a moment; that passes.
        if (attempt == 5 || !textFileBusy(e)) {
          throw new UncheckedIOException("embedded Redis did not start on port " + redisPort, e);
        }
        LOG.debug("Redis executable busy, retrying", e);
        sleep(100L * attempt);
      }
    }
    LOG.info("Embedded Redis on port {}", redisPort);
    return "redis://127.0.0.1:" + redisPort;
  }

  static boolean textFileBusy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("error=26")) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Redis", e);
    }
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

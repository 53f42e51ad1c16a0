package ledger.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.RedisOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL and Redis for tests: started once per test JVM, torn down when it
 * exits. Each test class asks for a database of its own and a Redis key prefix of its
 * own, so classes never see each other's rows or keys.
 *
 * <p>PostgreSQL runs with zonky's test settings (fsync and synchronous_commit off): the
 * tests prove behaviour, not survival of a power cut, and run faster so. The server that
 * {@code ./ledger serve} embeds commits durably; LedgerScriptIT checks that it does.
 */
public final class TestInfra {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static EmbeddedPostgres postgres;
  private static RedisServer redis;
  private static int redisPort;

  private TestInfra() {
  }

  /** A new, empty database on the shared server; connect with the returned options. */
  public static PgConnectOptions freshDatabase(String hint) {
    String name = (hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + SEQUENCE.incrementAndGet()).toLowerCase(Locale.ROOT);
    try (Connection conn = postgres().getPostgresDatabase().getConnection();
         Statement statement = conn.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return pgOptions(name);
  }

  public static PgConnectOptions pgOptions(String database) {
    return new PgConnectOptions()
        .setHost("127.0.0.1")
        .setPort(postgres().getPort())
        .setDatabase(database)
        .setUser("postgres")
        .setPassword("postgres");
  }

  /** postgresql://... URL of a database, as LEDGER_PG_URL takes it. */
  public static String pgUrl(PgConnectOptions options) {
    return "postgresql://" + options.getUser() + ":" + options.getPassword() + "@" + options.getHost() + ":"
        + options.getPort() + "/" + options.getDatabase();
  }

  /** The shared Redis server's port on 127.0.0.1 (started on first use). */
  public static synchronized int redisPort() {
    redis();
    return redisPort;
  }

  public static String redisUrl() {
    redis();
    return "redis://127.0.0.1:" + redisPort;
  }

  public static RedisOptions redisOptions() {
    return new RedisOptions().setConnectionString(redisUrl()).setMaxPoolSize(8).setMaxPoolWaiting(1024);
  }

  /** A Redis key prefix no other test class uses. */
  public static String freshPrefix(String hint) {
    return "test:" + hint + ":" + SEQUENCE.incrementAndGet() + ":";
  }

  public static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "300")
            .setServerConfig("track_commit_timestamp", "on")
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(TestInfra::closePostgres));
    }
    return postgres;
  }

  public static synchronized RedisServer redis() {
    if (redis == null) {
      try {
        redisPort = freePort();
        redis = RedisServer.newRedisServer()
            .port(redisPort)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
        redis.start();
      } catch (IOException e) {
        throw new UncheckedIOException("embedded Redis did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(TestInfra::stopRedis));
    }
    return redis;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closePostgres() {
    try {
      postgres.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }

  private static void stopRedis() {
    try {
      redis.stop();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }
}

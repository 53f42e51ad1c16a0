package ledger.bench.suite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;

/** The service's embedded PostgreSQL and Redis, asked directly: their settings and versions, and the bench table. */
public final class Backends implements AutoCloseable {

  /** Settings that decide what a commit costs, recorded beside the figures. */
  static final String[] POSTGRES_SETTINGS = {"server_version", "fsync", "synchronous_commit", "wal_sync_method",
      "full_page_writes", "shared_buffers", "max_connections"};

  private final Vertx vertx = Vertx.vertx();
  private final int postgresPort;
  private final int redisPort;

  public Backends(int postgresPort, int redisPort) {
    this.postgresPort = postgresPort;
    this.redisPort = redisPort;
  }

  private PgConnection connect() {
    return await(PgConnection.connect(vertx, new PgConnectOptions().setHost("127.0.0.1").setPort(postgresPort)
        .setUser("postgres").setPassword("postgres").setDatabase("postgres")));
  }

  /** {@link #POSTGRES_SETTINGS} and version(). */
  public Map<String, String> postgres() {
    Map<String, String> out = new LinkedHashMap<>();
    PgConnection connection = connect();
    try {
      for (String setting : POSTGRES_SETTINGS) {
        Row row = await(connection.query("SHOW " + setting).execute()).iterator().next();
        out.put(setting, row.getString(0));
      }
      out.put("version()", await(connection.query("SELECT version()").execute()).iterator().next().getString(0));
    } finally {
      await(connection.close());
    }
    return out;
  }

  /** Runs a multi-statement script (simple query protocol), e.g. the bench table's DDL. */
  public void execute(String script) {
    PgConnection connection = connect();
    try {
      await(connection.query(script).execute());
    } finally {
      await(connection.close());
    }
  }

  long count(String table) {
    PgConnection connection = connect();
    try {
      return await(connection.query("SELECT count(*) FROM " + table).execute()).iterator().next().getLong(0);
    } finally {
      await(connection.close());
    }
  }

  /** The "# Server" section of INFO, as key → value (redis_version, ...). */
  public Map<String, String> redis() {
    RedisConnection connection = await(Redis.createClient(vertx, "redis://127.0.0.1:" + redisPort).connect());
    try {
      String info = await(connection.send(Request.cmd(Command.INFO).arg("server"))).toString();
      Map<String, String> out = new LinkedHashMap<>();
      info.lines().filter(l -> l.contains(":") && !l.startsWith("#")).forEach(l -> {
        int colon = l.indexOf(':');
        out.put(l.substring(0, colon), l.substring(colon + 1).trim());
      });
      return out;
    } finally {
      connection.close();
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new SuiteException("talking to the embedded backends failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}

package ledger.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import ledger.testkit.TestInfra;

/**
 * A PostgreSQL server of one test's own, on a fixed port and data folder, so that the test
 * can stop it (pg_ctl stop: every connection to it is cut) and start it again where the
 * ledger processes find it, with every committed row.
 */
final class OwnPostgres implements AutoCloseable {

  private final Path dataDir;
  private final int port = TestInfra.freePort();
  private EmbeddedPostgres server;

  OwnPostgres(Path dataDir) {
    this.dataDir = dataDir;
  }

  synchronized void start() {
    try {
      server = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setServerConfig("max_connections", "200")
          .setServerConfig("track_commit_timestamp", "on")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
    }
  }

  /** A real restart: the server stops (its clients' connections end) and starts on the same folder and port. */
  synchronized void restart() {
    stop();
    start();
  }

  String url() {
    return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
  }

  /** Runs one statement over a connection of its own; returns the first column of the first row, if any. */
  synchronized String sql(String statement) {
    try (Connection connection = server.getPostgresDatabase().getConnection();
         Statement sql = connection.createStatement()) {
      if (!sql.execute(statement)) {
        return null;
      }
      try (ResultSet rows = sql.getResultSet()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  private void stop() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not stop", e);
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      stop();
    }
  }
}

package ledger.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
          .setRegisterShutdownHook(false)
          .setPort(port)
          // zonky turns it off for speed; then a crash loses commits already acknowledged (the
          // clients' tokens then name versions the store no longer has), which no ledger can survive
          .setServerConfig("synchronous_commit", "on")
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

  /**
   * A crash: SIGQUIT to the postmaster, which is what {@code pg_ctl stop -m immediate} sends
   * (every server process quits at once, nothing is flushed, the next start runs crash
   * recovery from the WAL); then a start on the same folder and port.
   */
  synchronized void crashAndRestart() {
    try {
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
      ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
      Process quit = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
      if (!quit.waitFor(30, TimeUnit.SECONDS) || quit.exitValue() != 0) {
        throw new IllegalStateException("kill -QUIT " + pid + " failed");
      }
      postmaster.onExit().get(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("PostgreSQL did not quit", e);
    }
    try {
      server.close();   // nothing left to stop; this releases the handle's lock on the folder
    } catch (IOException | RuntimeException alreadyGone) {
      // the server it would stop is gone
    }
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

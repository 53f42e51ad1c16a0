package ledger.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import ledger.testkit.BackendCertificates;
import ledger.testkit.TestInfra;

/**
 * A PostgreSQL server of one test's own that speaks TLS only: {@code ssl=on} with the given
 * certificate, and a pg_hba.conf of {@code hostssl} lines alone, so a plaintext connection is
 * refused by the server itself; the role {@link #CERTIFIED_USER} logs in only with a client
 * certificate. (zonky's own start-up check connects through pgjdbc, whose
 * default sslmode=prefer takes the TLS road.)
 */
final class TlsPostgres implements AutoCloseable {

  /** The role that must log in with a client certificate (whose common name it is) from {@code clientCa}. */
  static final String CERTIFIED_USER = "ledger_client";

  private final EmbeddedPostgres server;

  private TlsPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  static TlsPostgres start(Path dir, BackendCertificates.Issued certificate, BackendCertificates.Authority clientCa) {
    try {
      Path hba = dir.resolve("pg_hba.conf");
      Files.writeString(hba, String.join("\n",
          "hostssl all " + CERTIFIED_USER + " 127.0.0.1/32 cert",
          "hostssl all " + CERTIFIED_USER + " ::1/128 cert",
          "hostssl all all 127.0.0.1/32 trust",
          "hostssl all all ::1/128 trust", ""));
      TlsPostgres started = new TlsPostgres(EmbeddedPostgres.builder()
          .setDataDirectory(dir.resolve("pgdata"))
          .setPort(TestInfra.freePort())
          .setServerConfig("ssl", "on")
          .setServerConfig("ssl_cert_file", certificate.certificateFile().toString())
          .setServerConfig("ssl_key_file", certificate.keyFile().toString())
          .setServerConfig("ssl_ca_file", clientCa.certificateFile().toString())
          .setServerConfig("hba_file", hba.toString())
          .setServerConfig("max_connections", "200")
          .start());
      started.sql("CREATE ROLE " + CERTIFIED_USER + " LOGIN");
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("TLS PostgreSQL did not start", e);
    }
  }

  private void sql(String statement) {
    try (Connection connection = server.getPostgresDatabase().getConnection();
         Statement sql = connection.createStatement()) {
      sql.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  int port() {
    return server.getPort();
  }

  /** {@code postgresql://postgres:postgres@host:port/postgres}, then {@code ?query} if any. */
  String url(String host, String query) {
    return url("postgres:postgres", host, query);
  }

  String url(String userInfo, String host, String query) {
    return "postgresql://" + userInfo + "@" + host + ":" + port() + "/postgres" + (query.isEmpty() ? "" : "?" + query);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

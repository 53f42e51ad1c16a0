package ledger.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import ledger.testkit.BackendCertificates;
import ledger.testkit.TestInfra;

/**
 * A PostgreSQL server of one test's own that speaks TLS only: {@code ssl=on} with the given
 * certificate, and a pg_hba.conf of {@code hostssl} lines alone, so a plaintext connection is
 * refused by the server itself. (zonky's own start-up check connects through pgjdbc, whose
 * default sslmode=prefer takes the TLS road.)
 */
final class TlsPostgres implements AutoCloseable {

  private final EmbeddedPostgres server;

  private TlsPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  static TlsPostgres start(Path dir, BackendCertificates.Issued certificate) {
    try {
      Path hba = dir.resolve("pg_hba.conf");
      Files.writeString(hba, "hostssl all all 127.0.0.1/32 trust\nhostssl all all ::1/128 trust\n");
      return new TlsPostgres(EmbeddedPostgres.builder()
          .setDataDirectory(dir.resolve("pgdata"))
          .setPort(TestInfra.freePort())
          .setServerConfig("ssl", "on")
          .setServerConfig("ssl_cert_file", certificate.certificateFile().toString())
          .setServerConfig("ssl_key_file", certificate.keyFile().toString())
          .setServerConfig("hba_file", hba.toString())
          .setServerConfig("max_connections", "200")
          .start());
    } catch (IOException e) {
      throw new UncheckedIOException("TLS PostgreSQL did not start", e);
    }
  }

  int port() {
    return server.getPort();
  }

  /** {@code postgresql://postgres:postgres@host:port/postgres}, then {@code ?query} if any. */
  String url(String host, String query) {
    return "postgresql://postgres:postgres@" + host + ":" + port() + "/postgres" + (query.isEmpty() ? "" : "?" + query);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

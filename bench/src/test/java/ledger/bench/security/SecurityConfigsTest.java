package ledger.bench.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.vertx.core.net.PemKeyCertOptions;
import ledger.bench.ceiling.CeilingServer;
import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.load.config.Overrides;
import ledger.load.runner.LoadRunner;
import ledger.load.runner.RunResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ghz files SecurityBench writes: the suite's loads with each set-up's transport and token, and
 * (over TLS, against the ceiling server with the bench's own certificate) they play.
 */
class SecurityConfigsTest {

  /** The repository root: the suite's ghz files are read from it, as the bench does from its --repo. */
  private static final Path REPO = Path.of(System.getProperty("ghz.dir", "../load-tests/ghz")).resolve("../..")
      .normalize();

  @TempDir
  static Path dir;
  private static BenchCredentials credentials;

  @BeforeAll
  static void make() {
    credentials = BenchCredentials.create(dir.resolve("credentials"), Duration.ofHours(1));
  }

  private static Map<Load, Map<Setup, Path>> files(String host) {
    Map<Setup, String> hosts = new EnumMap<>(Setup.class);
    for (Setup s : Setup.values()) {
      hosts.put(s, host);
    }
    return SecurityConfigs.writeAll(REPO, dir, hosts, credentials, Duration.ofSeconds(7));
  }

  @Test
  void each_set_up_gets_the_suites_load_with_its_transport_and_token() {
    Map<Load, Map<Setup, Path>> files = files("127.0.0.1:4242");
    GhzConfig plain = GhzConfigParser.parse(files.get(Load.DEPOSITS).get(Setup.PLAINTEXT));
    assertThat(plain.transport().tls()).isFalse();
    assertThat(plain.metadata()).isEmpty();
    assertThat(plain.concurrency()).isEqualTo(64);
    assertThat(plain.connections()).isEqualTo(2);
    assertThat(plain.duration()).isEqualTo(Duration.ofSeconds(7));
    assertThat(plain.host()).isEqualTo("127.0.0.1:4242");
    assertThat(plain.name()).isEqualTo("deposit-plain");

    GhzConfig tls = GhzConfigParser.parse(files.get(Load.READS).get(Setup.TLS));
    assertThat(tls.transport().tls()).isTrue();
    assertThat(tls.transport().cacert()).isEqualTo(credentials.caCertificate().toString());
    assertThat(tls.metadata()).isEmpty();
    assertThat(tls.concurrency()).isEqualTo(32);

    GhzConfig jwt = GhzConfigParser.parse(files.get(Load.DEPOSITS).get(Setup.JWT));
    assertThat(jwt.transport().tls()).isFalse();
    assertThat(jwt.metadata()).containsEntry("authorization", "Bearer " + credentials.token());

    GhzConfig both = GhzConfigParser.parse(files.get(Load.READS).get(Setup.TLS_JWT));
    assertThat(both.transport().tls()).isTrue();
    assertThat(both.metadata()).containsEntry("authorization", "Bearer " + credentials.token());
    assertThat(both.data()).isEqualTo(GhzConfigParser.parse(REPO.resolve(Load.READS.suiteFile)).data());
  }

  @Test
  void the_tls_and_jwt_file_plays_over_tls_with_the_bench_certificate() {
    PemKeyCertOptions tls = new PemKeyCertOptions().setCertPath(credentials.serverCertificate().toString())
        .setKeyPath(credentials.serverKey().toString());
    try (CeilingServer server = CeilingServer.start("127.0.0.1", 0, 2, tls)) {
      Path file = files("127.0.0.1:" + server.port()).get(Load.READS).get(Setup.TLS_JWT);
      RunResult r = new LoadRunner(null).run(GhzConfigParser.parse(file)
          .with(new Overrides(null, 4, 2, 200L, null, null, null, null, null)));
      assertThat(r.statuses()).containsOnlyKeys("OK").containsEntry("OK", 200L);
      assertThat(r.settings().getString("transport")).contains("TLS").contains("security-bench-ca.crt");
    }
  }
}

package ledger.load.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import ledger.load.FakeLedger;
import ledger.load.config.ConfigException;
import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.testkit.tls.Authority;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner over TLS as ghz plays it ({@code insecure}, {@code cacert}, {@code cert}/{@code key},
 * {@code cname}, {@code skipTLS}), against {@link FakeLedger}s serving TLS with certificates made
 * here (testkit's {@link TestCertificates}).
 */
class TlsRunTest {

  @TempDir
  static Path dir;
  private static String caFile;
  private static String clientCert;
  private static String clientKey;
  private static String strangerCert;
  private static String strangerKey;
  /** TLS, certificate for 127.0.0.1 and localhost. */
  private static FakeLedger tls;
  /** TLS, certificate for ledger.test only. */
  private static FakeLedger named;
  /** Mutual TLS: certificate for 127.0.0.1, clients need a certificate from the CA. */
  private static FakeLedger mutual;
  private final LoadRunner runner = new LoadRunner(null);

  @BeforeAll
  static void start() throws Exception {
    TestCertificates certificates = TestCertificates.in(dir);
    Authority ca = certificates.authority("load-tests");
    caFile = ca.certificateFile().toString();
    Issued local = ca.server("local");
    Issued ledgerTest = ca.serverFor("ledger-test", "ledger.test");
    Issued client = ca.client("runner");
    clientCert = client.certificateFile().toString();
    clientKey = client.keyFile().toString();
    Issued stranger = certificates.authority("another").client("stranger");
    strangerCert = stranger.certificateFile().toString();
    strangerKey = stranger.keyFile().toString();
    tls = FakeLedger.startTls(Files.readString(local.certificateFile()), Files.readString(local.keyFile()), null);
    named = FakeLedger.startTls(Files.readString(ledgerTest.certificateFile()), Files.readString(ledgerTest.keyFile()),
        null);
    mutual = FakeLedger.startTls(Files.readString(local.certificateFile()), Files.readString(local.keyFile()),
        Files.readString(ca.certificateFile()));
  }

  @AfterAll
  static void stop() {
    for (FakeLedger l : new FakeLedger[] {tls, named, mutual}) {
      if (l != null) {
        l.close();
      }
    }
  }

  private static GhzConfig config(FakeLedger ledger, String transport) {
    return GhzConfigParser.parse("{\"call\": \"ledger.v1.CommandService/Deposit\", \"host\": \"" + ledger.host()
        + "\", " + transport + ", \"total\": 20, \"concurrency\": 4,"
        + " \"data\": {\"account_id\": \"acc-1\", \"amount_minor\": 5}}", "tls");
  }

  private static String json(String path) {
    return "\"" + path.replace("\\", "\\\\") + "\"";
  }

  @Test
  void calls_complete_over_tls_trusting_the_cacert_and_carry_the_metadata_on_every_call() {
    tls.metadata.clear();
    RunResult r = runner.run(GhzConfigParser.parse("{\"call\": \"ledger.v1.CommandService/Deposit\", \"host\": \""
        + tls.host() + "\", \"insecure\": false, \"cacert\": " + json(caFile) + ", \"total\": 50, \"concurrency\": 5,"
        + " \"metadata\": {\"authorization\": \"Bearer abc.def.ghi\", \"x-request\": \"r{{.RequestNumber}}\"},"
        + " \"data\": {\"account_id\": \"acc-1\", \"amount_minor\": 5}}", "tls"));
    assertThat(r.statuses()).containsOnlyKeys("OK").containsEntry("OK", 50L);
    assertThat(tls.metadata).hasSize(50)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50).mapToObj(i -> "Bearer abc.def.ghi r" + i).toList());
  }

  @Test
  void without_cacert_the_servers_certificate_is_not_trusted_and_the_error_says_what_to_give() {
    // ghz's default: "insecure" absent means TLS trusting the system's CAs, which never signed this one
    assertThatThrownBy(() -> runner.run(config(tls, "\"cname\": \"localhost\"")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not trusted").hasMessageContaining("\"cacert\"").hasMessageContaining("skipTLS");
  }

  @Test
  void skipTLS_trusts_any_certificate_even_one_that_names_another_host() {
    RunResult r = runner.run(config(named, "\"insecure\": false, \"skipTLS\": true"));
    assertThat(r.statuses()).containsOnlyKeys("OK").containsEntry("OK", 20L);
  }

  @Test
  void cname_is_the_name_the_certificate_must_carry() {
    assertThatThrownBy(() -> runner.run(config(named, "\"cacert\": " + json(caFile))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("does not name").hasMessageContaining("\"cname\"");
    RunResult r = runner.run(config(named, "\"cacert\": " + json(caFile) + ", \"cname\": \"ledger.test\""));
    assertThat(r.statuses()).containsOnlyKeys("OK").containsEntry("OK", 20L);
  }

  @Test
  void mutual_tls_presents_the_client_certificate_and_a_missing_one_is_named() {
    assertThatThrownBy(() -> runner.run(config(mutual, "\"cacert\": " + json(caFile))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("client certificate");
    assertThatThrownBy(() -> runner.run(config(mutual, "\"cacert\": " + json(caFile) + ", \"cert\": "
        + json(strangerCert) + ", \"key\": " + json(strangerKey))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("client certificate");
    RunResult r = runner.run(config(mutual, "\"cacert\": " + json(caFile) + ", \"cert\": " + json(clientCert)
        + ", \"key\": " + json(clientKey)));
    assertThat(r.statuses()).containsOnlyKeys("OK").containsEntry("OK", 20L);
  }

  @Test
  void tls_to_a_plaintext_server_says_the_server_does_not_answer_tls() {
    try (FakeLedger plaintext = FakeLedger.start()) {
      assertThatThrownBy(() -> runner.run(config(plaintext, "\"skipTLS\": true")))
          .isInstanceOf(ConfigException.class).hasMessageContaining("does not answer TLS")
          .hasMessageContaining("\"insecure\": true");
    }
  }

  @Test
  void plaintext_to_a_tls_server_fails_and_hints_at_tls() {
    assertThatThrownBy(() -> runner.run(config(tls, "\"insecure\": true")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("\"insecure\": false");
  }

  @Test
  void bench_run_takes_ghz_tls_flags_and_metadata_over_a_plaintext_file(@TempDir Path files) throws Exception {
    Path config = files.resolve("deposit.json");
    java.nio.file.Files.writeString(config, "{\"call\": \"ledger.v1.CommandService/Deposit\", \"insecure\": true,"
        + " \"data\": {\"account_id\": \"acc-1\", \"amount_minor\": 5}}");
    tls.metadata.clear();
    assertThat(ledger.load.Bench.run("run", config.toString(), "--host", tls.host(), "-n", "10", "-c", "2",
        "--cacert", caFile, "-m", "{\"authorization\": \"Bearer cli\", \"x-request\": \"{{.RequestNumber}}\"}"))
        .isZero();
    assertThat(tls.metadata).containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, 10).mapToObj(i -> "Bearer cli " + i).toList());
  }

  @Test
  void validate_checks_a_tls_config_over_tls_too() {
    try (ScenarioValidator validator = new ScenarioValidator()) {
      assertThat(validator.check(config(tls, "\"cacert\": " + json(caFile))).problems()).isEmpty();
      assertThat(validator.check(config(tls, "\"insecure\": false")).problems())
          .isNotEmpty().allSatisfy(p -> assertThat(p).contains("not trusted"));
    }
  }

  @Test
  void a_missing_or_wrong_pem_file_is_refused_before_any_connection() {
    assertThatThrownBy(() -> runner.run(config(tls, "\"cacert\": " + json(dir.resolve("absent.pem").toString()))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("\"cacert\": cannot read");
    assertThatThrownBy(() -> runner.run(config(tls, "\"cacert\": " + json(clientKey))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("holds no PEM certificate");
  }
}

package ledger.load.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import ledger.load.config.ConfigException;
import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.load.config.Transport;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** ghz's connection flags and -m over a file's fields. */
class ConnectionOptionsTest {

  private static final GhzConfig PLAIN = GhzConfigParser.parse("""
      {"call": "a.B.C", "host": "h:1", "insecure": true, "metadata": {"x-a": "1", "x-b": "2"}}""", "f");
  private static final GhzConfig TLS = GhzConfigParser.parse("""
      {"call": "a.B.C", "host": "h:1", "cacert": "file-ca.pem", "cname": "file.test"}""", "f");

  private static GhzConfig apply(GhzConfig config, String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(Stream.concat(Stream.of("x.json"), Arrays.stream(args)).toArray(String[]::new));
    return run.connection.apply(config);
  }

  @Test
  void without_flags_the_file_stands() {
    assertThat(apply(PLAIN)).isEqualTo(PLAIN);
    assertThat(apply(TLS).transport()).isEqualTo(TLS.transport());
  }

  @Test
  void a_tls_flag_means_tls_and_insecure_false_alone_trusts_the_default_cas() {
    assertThat(apply(PLAIN, "--cacert", "ca.pem").transport()).isEqualTo(Transport.TLS.withCaCert("ca.pem"));
    assertThat(apply(PLAIN, "--insecure=false").transport()).isEqualTo(Transport.TLS);
    assertThat(apply(PLAIN, "--skipTLS").transport()).isEqualTo(Transport.TLS.trustingAnything());
  }

  @Test
  void flags_replace_the_files_tls_fields_one_by_one_and_insecure_turns_tls_off() {
    assertThat(apply(TLS, "--cacert", "flag-ca.pem").transport())
        .isEqualTo(Transport.TLS.withCaCert("flag-ca.pem").withServerName("file.test"));
    assertThat(apply(TLS, "--cert", "c.pem", "--key", "k.pem").transport().cert()).isEqualTo("c.pem");
    assertThat(apply(TLS, "--insecure").transport()).isEqualTo(Transport.PLAINTEXT);
    assertThatThrownBy(() -> apply(PLAIN, "--insecure", "--cacert", "ca.pem")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> apply(PLAIN, "--cert", "c.pem")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("\"key\"");
  }

  @Test
  void metadata_keys_replace_the_files_and_the_rest_stay() {
    assertThat(apply(PLAIN, "-m", "{\"x-b\": \"two\", \"authorization\": \"Bearer t\"}").metadata())
        .containsOnly(Map.entry("x-a", "1"), Map.entry("x-b", "two"), Map.entry("authorization", "Bearer t"));
    assertThatThrownBy(() -> apply(PLAIN, "-m", "{\"n\": 1}")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("\"n\" must be a string");
    assertThatThrownBy(() -> apply(PLAIN, "-m", "nope")).isInstanceOf(ConfigException.class);
  }
}

package ledger.load.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GhzConfigParserTest {

  private static GhzConfig parse(String json) {
    return GhzConfigParser.parse(json, "file-name");
  }

  private static final String MINIMAL = """
      {"call": "ledger.v1.CommandService.Deposit", "host": "127.0.0.1:9090", "insecure": true}
      """;

  @Test
  void a_minimal_file_gets_ghz_defaults() {
    GhzConfig c = parse(MINIMAL);
    assertThat(c.name()).isEqualTo("file-name");
    assertThat(c.call()).isEqualTo(new CallName("ledger.v1.CommandService", "Deposit"));
    assertThat(c.host()).isEqualTo("127.0.0.1:9090");
    assertThat(c.concurrency()).isEqualTo(50);
    assertThat(c.connections()).isEqualTo(1);
    assertThat(c.total()).isEqualTo(200);
    assertThat(c.duration()).isZero();
    assertThat(c.timed()).isFalse();
    assertThat(c.rps()).isZero();
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.skipFirst()).isZero();
    assertThat(c.countErrors()).isFalse();
    assertThat(c.durationStop()).isEqualTo(DurationStop.CLOSE);
    assertThat(c.data()).hasSize(1);
    assertThat(c.data().get(0).isEmpty()).isTrue();
    assertThat(c.notes()).isEmpty();
  }

  @Test
  void reads_every_supported_field() {
    GhzConfig c = parse("""
        {
          "name": "deposit run",
          "call": "ledger.v1.CommandService/Deposit",
          "host": "10.0.0.1:9999",
          "insecure": true,
          "data": {"account_id": "acc-{{randomInt 0 10}}", "amount_minor": 5},
          "metadata": {"x-run": "{{.RequestNumber}}"},
          "concurrency": 8,
          "connections": 2,
          "total": 1000,
          "duration": "1m30s",
          "max-duration": "2m",
          "rps": 250,
          "timeout": "500ms",
          "connect-timeout": "3s",
          "skipFirst": 100,
          "count-errors": true,
          "duration-stop": "wait",
          "stream-call-duration": "2s",
          "stream-call-count": 3,
          "tags": {"env": "ci"},
          "load-schedule": "const",
          "concurrency-schedule": "const"
        }
        """);
    assertThat(c.name()).isEqualTo("deposit run");
    assertThat(c.call().method()).isEqualTo("Deposit");
    assertThat(c.host()).isEqualTo("10.0.0.1:9999");
    assertThat(c.data().get(0).getString("account_id")).isEqualTo("acc-{{randomInt 0 10}}");
    assertThat(c.data().get(0).getInteger("amount_minor")).isEqualTo(5);
    assertThat(c.metadata()).containsEntry("x-run", "{{.RequestNumber}}");
    assertThat(c.concurrency()).isEqualTo(8);
    assertThat(c.connections()).isEqualTo(2);
    assertThat(c.total()).isEqualTo(1000);
    assertThat(c.duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.timed()).isTrue();
    assertThat(c.maxDuration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.rps()).isEqualTo(250);
    assertThat(c.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.skipFirst()).isEqualTo(100);
    assertThat(c.countErrors()).isTrue();
    assertThat(c.durationStop()).isEqualTo(DurationStop.WAIT);
    assertThat(c.streamCallDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.streamCallCount()).isEqualTo(3);
    assertThat(c.tags()).isEqualTo(Map.of("env", "ci"));
  }

  @Test
  void both_call_spellings_name_the_same_method() {
    GhzConfig dotted = parse(MINIMAL);
    GhzConfig slashed = parse(MINIMAL.replace("CommandService.Deposit", "CommandService/Deposit"));
    assertThat(slashed.call()).isEqualTo(dotted.call());
  }

  @Test
  void data_may_be_an_array_of_messages_used_in_turn() {
    GhzConfig c = parse("""
        {"call": "a.B.C", "host": "h:1", "insecure": true, "data": [{"n": 1}, {"n": 2}, {"n": 3}]}
        """);
    assertThat(c.data()).extracting(m -> m.getInteger("n")).containsExactly(1, 2, 3);
  }

  @Test
  void refuses_data_that_is_not_messages() {
    assertThatThrownBy(() -> parse("""
        {"call": "a.B.C", "insecure": true, "data": []}""")).hasMessageContaining("empty");
    assertThatThrownBy(() -> parse("""
        {"call": "a.B.C", "insecure": true, "data": [{"a": 1}, 2]}""")).hasMessageContaining("data\"[1]");
    assertThatThrownBy(() -> parse("""
        {"call": "a.B.C", "insecure": true, "data": "x"}""")).hasMessageContaining("\"data\" must be");
  }

  @Test
  void refuses_an_unknown_field_by_name() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"concurency\": 5}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown field \"concurency\"");
  }

  @Test
  void refuses_ghz_options_it_does_not_play_and_says_why() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"async\": true}")))
        .hasMessageContaining("\"async\" is not supported").hasMessageContaining("rps");
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"authority\": \"x\"}")))
        .hasMessageContaining("\"authority\" is not supported");
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"load-schedule\": \"step\"}")))
        .hasMessageContaining("only \"const\"");
  }

  @Test
  void accepts_fields_that_only_steer_ghz_and_notes_them() {
    GhzConfig c = parse(MINIMAL.replace("}", ", \"proto\": \"ledger.proto\", \"format\": \"html\"}"));
    assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("\"proto\"").contains("reflection"));
    assertThat(c.notes()).anySatisfy(n -> assertThat(n).contains("\"format\""));
  }

  @Test
  void requires_a_call() {
    assertThatThrownBy(() -> parse("{\"insecure\": true}")).hasMessageContaining("\"call\" is required");
  }

  @Test
  void insecure_true_is_plaintext_and_without_it_tls_trusting_the_default_cas_as_in_ghz() {
    assertThat(parse(MINIMAL).transport()).isEqualTo(Transport.PLAINTEXT);
    assertThat(parse("{\"call\": \"a.B.C\"}").transport()).isEqualTo(Transport.TLS);
    assertThat(parse("{\"call\": \"a.B.C\", \"insecure\": false}").transport()).isEqualTo(Transport.TLS);
  }

  @Test
  void reads_the_tls_fields_of_ghz() {
    GhzConfig c = parse("""
        {"call": "a.B.C", "insecure": false, "cacert": "ca.pem", "cert": "c.pem", "key": "k.pem", "cname": "x.test"}
        """);
    assertThat(c.transport()).isEqualTo(new Transport(true, "ca.pem", "c.pem", "k.pem", "x.test", false));
    assertThat(c.transport().describe()).contains("TLS").contains("ca.pem").contains("x.test").contains("c.pem");
    GhzConfig skip = parse("{\"call\": \"a.B.C\", \"skipTLS\": true, \"cacert\": \"ca.pem\"}");
    assertThat(skip.transport().skipVerify()).isTrue();
    assertThat(skip.notes()).anySatisfy(n -> assertThat(n).contains("\"cacert\" is not used"));
  }

  @Test
  void refuses_tls_fields_on_plaintext_and_half_a_client_certificate() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"cacert\": \"ca.pem\"}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("\"insecure\": true");
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"skipTLS\": true}")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("TLS settings");
    assertThatThrownBy(() -> parse("{\"call\": \"a.B.C\", \"cert\": \"c.pem\"}"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("both \"cert\" and \"key\"");
  }

  @Test
  void refuses_values_of_the_wrong_type_naming_the_field() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"concurrency\": \"ten\"}")))
        .hasMessageContaining("\"concurrency\"");
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"total\": -1}"))).hasMessageContaining("\"total\"");
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"duration\": \"10\"}")))
        .hasMessageContaining("\"duration\"").hasMessageContaining("unit");
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"timeout\": 10}"))).hasMessageContaining("\"timeout\"");
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"duration-stop\": \"later\"}")))
        .hasMessageContaining("duration-stop");
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"metadata\": {\"a\": 1}}")))
        .hasMessageContaining("\"metadata\".\"a\"");
    assertThatThrownBy(() -> parse("{not json")).hasMessageContaining("not a JSON object");
  }

  @Test
  void applies_ghz_cross_field_rules() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"concurrency\": 2, \"connections\": 3}")))
        .hasMessageContaining("connections (3) cannot be more than concurrency (2)");
    assertThatThrownBy(() -> parse(MINIMAL.replace("}", ", \"concurrency\": 10, \"total\": 5}")))
        .hasMessageContaining("total (5) cannot be less than concurrency (10)");
    assertThatThrownBy(() -> parse(MINIMAL.replace("127.0.0.1:9090", "localhost"))).hasMessageContaining("host:port");
    // with a duration the count does not matter, as in ghz
    assertThat(parse(MINIMAL.replace("}", ", \"concurrency\": 10, \"total\": 5, \"duration\": \"5s\"}")).timed())
        .isTrue();
  }

  @Test
  void command_line_values_replace_the_files() {
    GhzConfig file = parse(MINIMAL.replace("}", ", \"duration\": \"30s\", \"concurrency\": 16}"));
    GhzConfig c = file.with(new Overrides("127.0.0.1:19090", 4, 2, null, null, 100, Duration.ofSeconds(1), 7L, "x"));
    assertThat(c.host()).isEqualTo("127.0.0.1:19090");
    assertThat(c.concurrency()).isEqualTo(4);
    assertThat(c.connections()).isEqualTo(2);
    assertThat(c.rps()).isEqualTo(100);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.skipFirst()).isEqualTo(7);
    assertThat(c.name()).isEqualTo("x");
    assertThat(c.duration()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void a_count_on_the_command_line_replaces_the_files_duration_and_the_other_way_round() {
    GhzConfig timed = parse(MINIMAL.replace("}", ", \"duration\": \"30s\"}"));
    GhzConfig counted = timed.with(new Overrides(null, null, null, 50L, null, null, null, null, null));
    assertThat(counted.timed()).isFalse();
    assertThat(counted.total()).isEqualTo(50);
    GhzConfig retimed = counted.with(new Overrides(null, null, null, null, Duration.ofSeconds(5), null, null, null, null));
    assertThat(retimed.timed()).isTrue();
    assertThat(retimed.duration()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void overrides_are_checked_like_the_file() {
    GhzConfig c = parse(MINIMAL);
    assertThatThrownBy(() -> c.with(new Overrides(null, 0, null, null, null, null, null, null, null)))
        .hasMessageContaining("concurrency");
  }
}

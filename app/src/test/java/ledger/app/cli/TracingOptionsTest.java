package ledger.app.cli;

import static ledger.app.cli.ServeArgs.refusal;
import static org.assertj.core.api.Assertions.assertThat;


import ledger.app.server.TracingSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Tracing is off unless an OTLP endpoint is given; the flags reach the server's settings. */
class TracingOptionsTest {

  @Test
  void tracing_is_off_by_default_and_on_with_an_endpoint() {
    TracingSettings off = tracing();
    assertThat(off.enabled()).isFalse();
    assertThat(off.sampleRatio()).isEqualTo(1.0);

    TracingSettings on = tracing("--otlp-endpoint", "http://collector:4318", "--trace-sample-ratio", "0.25");
    assertThat(on.enabled()).isTrue();
    assertThat(on.tracesUrl()).isEqualTo("http://collector:4318/v1/traces");
    assertThat(on.sampleRatio()).isEqualTo(0.25);
  }

  @Test
  void an_endpoint_with_a_path_is_used_as_it_is() {
    assertThat(tracing("--otlp-endpoint", "https://collector/otlp/v1/traces").tracesUrl())
        .isEqualTo("https://collector/otlp/v1/traces");
    assertThat(tracing("--otlp-endpoint", "http://collector:4318/").tracesUrl())
        .isEqualTo("http://collector:4318/v1/traces");
  }

  @Test
  void the_service_is_named_ledger_unless_otel_service_name_says_otherwise() {
    String given = System.getenv("OTEL_SERVICE_NAME");
    assertThat(tracing().serviceName()).isEqualTo(given == null || given.isBlank() ? "ledger" : given.strip());
    assertThat(new TracingSettings("", 1, null).serviceName()).isEqualTo("ledger");
    assertThat(new TracingSettings("", 1, "ledger-query").serviceName()).isEqualTo("ledger-query");
  }

  @Test
  void a_sample_ratio_outside_zero_to_one_is_a_usage_error() {
    assertThat(refusal("--trace-sample-ratio", "1.5"))
        .startsWith("--trace-sample-ratio must be between 0 and 1, got 1.5");
    assertThat(refusal("--trace-sample-ratio", "-0.1"))
        .startsWith("--trace-sample-ratio must be between 0 and 1, got -0.1");
  }

  private static TracingSettings tracing(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.config().operations().tracing();
  }

}

package ledger.app.cli;

import static ledger.app.cli.ServeArgs.refusal;
import static ledger.app.cli.ServeArgs.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ledger.app.server.AuthSettings;
import ledger.app.server.ServerConfig;
import org.junit.jupiter.api.Test;

/** {@code serve}'s authentication and reflection flags reach the configuration; a half-configured one stops it. */
class CallerAuthOptionsTest {

  @Test
  void by_default_callers_are_not_authenticated_and_reflection_is_served() {
    ServerConfig config = parsed().config();

    assertThat(config.security().auth().enabled()).isFalse();
    assertThat(config.security().reflection()).isTrue();
  }

  @Test
  void the_flags_make_the_auth_settings() {
    AuthSettings auth = parsed("--jwt-jwks", "keys/jwks.json", "--jwt-public-key", "a.pem, b.pem",
        "--jwt-issuer", "https://idp.example", "--jwt-audience", "ledger,ledger-eu", "--jwt-clock-skew", "5",
        "--jwt-accounts-claim", "tenants", "--reflection", "false").config().security().auth();

    assertThat(auth.enabled()).isTrue();
    assertThat(auth.jwks()).isEqualTo(Path.of("keys/jwks.json"));
    assertThat(auth.publicKeys()).containsExactly(Path.of("a.pem"), Path.of("b.pem"));
    assertThat(auth.issuer()).isEqualTo("https://idp.example");
    assertThat(auth.audiences()).isEqualTo(List.of("ledger", "ledger-eu"));
    assertThat(auth.clockSkew()).isEqualTo(Duration.ofSeconds(5));
    assertThat(auth.accountsClaim()).isEqualTo("tenants");
    assertThat(parsed("--reflection", "false").config().security().reflection()).isFalse();
  }

  @Test
  void failed_authentications_are_limited_to_20_a_second_per_address_with_bursts_of_50_unless_told_otherwise() {
    AuthSettings defaults = parsed().config().security().auth();
    AuthSettings given = parsed("--auth-failure-rate", "5", "--auth-failure-burst", "0").config().security().auth();
    AuthSettings off = parsed("--auth-failure-rate", "0").config().security().auth();

    assertThat(defaults.failuresLimited()).isTrue();
    assertThat(defaults.failureRate()).isEqualTo(20);
    assertThat(defaults.effectiveFailureBurst()).isEqualTo(50);
    assertThat(given.failureRate()).isEqualTo(5);
    assertThat(given.effectiveFailureBurst()).as("0: one second's worth").isEqualTo(5);
    assertThat(off.failuresLimited()).isFalse();
    assertThat(refusal("--auth-failure-rate", "-1")).startsWith("--auth-failure-rate must be 0 (off) or more");
    assertThat(refusal("--auth-failure-burst", "-1")).startsWith("--auth-failure-burst must be 0 (the rate) or more");
  }

  @Test
  void keys_without_an_issuer_or_an_audience_are_a_usage_error() {
    assertThat(refusal("--jwt-jwks", "jwks.json", "--jwt-audience", "ledger"))
        .startsWith("--jwt-issuer is required when tokens are verified");
    assertThat(refusal("--jwt-public-key", "a.pem", "--jwt-issuer", "https://idp.example"))
        .startsWith("--jwt-audience is required when tokens are verified");
    assertThat(refusal("--jwt-clock-skew", "-1")).startsWith("--jwt-clock-skew must be between 0 and 600 seconds");
  }
}

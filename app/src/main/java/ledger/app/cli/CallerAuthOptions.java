package ledger.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import ledger.app.server.AuthSettings;
import ledger.app.server.ServerConfig;
import picocli.CommandLine.Option;

/** {@code serve}'s flags for authenticating callers (bearer JWTs) and for the reflection service. */
public final class CallerAuthOptions {

  @Option(names = "--jwt-jwks", defaultValue = "${env:LEDGER_JWT_JWKS}",
      description = "JWKS file of the token issuer's public keys (RS256, ES256); turns authentication on "
          + "(env LEDGER_JWT_JWKS).")
  Path jwks;

  @Option(names = "--jwt-public-key", defaultValue = "${env:LEDGER_JWT_PUBLIC_KEY}",
      description = "Comma-separated PEM files, each an RSA or EC P-256 public key or certificate; turns "
          + "authentication on (env LEDGER_JWT_PUBLIC_KEY).")
  String publicKeys;

  @Option(names = "--jwt-issuer", defaultValue = "${env:LEDGER_JWT_ISSUER}",
      description = "The iss every token must carry; required with authentication (env LEDGER_JWT_ISSUER).")
  String issuer;

  @Option(names = "--jwt-audience", defaultValue = "${env:LEDGER_JWT_AUDIENCE}",
      description = "Comma-separated aud values accepted (a token must name one); required with authentication "
          + "(env LEDGER_JWT_AUDIENCE).")
  String audiences;

  @Option(names = "--jwt-clock-skew", defaultValue = "${env:LEDGER_JWT_CLOCK_SKEW:-30}",
      description = "Seconds a token's exp, nbf and iat may be off this server's clock (default: ${DEFAULT-VALUE}; "
          + "env LEDGER_JWT_CLOCK_SKEW).")
  long clockSkewSeconds;

  @Option(names = "--jwt-accounts-claim", defaultValue = "${env:LEDGER_JWT_ACCOUNTS_CLAIM:-ledger_accounts}",
      description = "Claim listing the accounts a token may touch, exact ids or prefixes ending in * "
          + "(absent: every account; default: ${DEFAULT-VALUE}; env LEDGER_JWT_ACCOUNTS_CLAIM).")
  String accountsClaim;

  @Option(names = "--auth-failure-rate", defaultValue = "${env:LEDGER_AUTH_FAILURE_RATE:-20}",
      description = "Failed authentications a second per peer address; beyond it, tokens from that address not "
          + "verified before are refused RESOURCE_EXHAUSTED RATE_LIMITED unchecked. 0 turns it off "
          + "(default: ${DEFAULT-VALUE}; env LEDGER_AUTH_FAILURE_RATE).")
  long failureRate;

  @Option(names = "--auth-failure-burst", defaultValue = "${env:LEDGER_AUTH_FAILURE_BURST:-50}",
      description = "Failed authentications a peer address may have at once before --auth-failure-rate applies; "
          + "0 means one second's worth (default: ${DEFAULT-VALUE}; env LEDGER_AUTH_FAILURE_BURST).")
  long failureBurst;

  @Option(names = "--reflection", defaultValue = "${env:LEDGER_REFLECTION:-true}", arity = "1",
      description = "Serve gRPC reflection, true or false (default: ${DEFAULT-VALUE}; env LEDGER_REFLECTION).")
  boolean reflection;

  /** {@code config} with these settings; an IllegalArgumentException names a bad combination. */
  ServerConfig applyTo(ServerConfig config) {
    AuthSettings auth = new AuthSettings(jwks == null || jwks.toString().isBlank() ? null : jwks,
        list(publicKeys).stream().map(Path::of).toList(), blank(issuer), list(audiences),
        Duration.ofSeconds(clockSkewSeconds), accountsClaim, failureRate, failureBurst);
    return config.withSecurity(config.security().withAuth(auth).withReflection(reflection));
  }

  private static List<String> list(String commaSeparated) {
    return commaSeparated == null ? List.of()
        : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}

package ledger.app.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Authentication of callers and what their tokens grant (docs/security.md, "Callers"). On when a
 * key source is given: a JWKS file, PEM public keys, or both.
 *
 * @param jwks          a JWKS file (RFC 7517 {@code {"keys": [...]}}) of the issuer's RS256/ES256 public keys, or null
 * @param publicKeys    PEM files, one RSA or EC (P-256) public key or certificate each
 * @param issuer        the {@code iss} every token must carry
 * @param audiences     the {@code aud} values accepted; a token must name at least one
 * @param clockSkew     how far {@code exp}, {@code nbf} and {@code iat} may be off this server's clock
 * @param accountsClaim the claim listing the accounts a token may touch (absent: every account)
 */
public record AuthSettings(Path jwks, List<Path> publicKeys, String issuer, List<String> audiences,
                           Duration clockSkew, String accountsClaim) {

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final String DEFAULT_ACCOUNTS_CLAIM = "ledger_accounts";

  public AuthSettings {
    publicKeys = List.copyOf(publicKeys);
    audiences = List.copyOf(audiences);
    if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("--jwt-clock-skew must be between 0 and 600 seconds, got "
          + clockSkew.toSeconds());
    }
    if (accountsClaim == null || accountsClaim.isBlank()) {
      throw new IllegalArgumentException("--jwt-accounts-claim must name a claim");
    }
    if (jwks != null || !publicKeys.isEmpty()) {
      // A token from any issuer, for any service, trusted by these keys would otherwise do.
      if (issuer == null || issuer.isBlank()) {
        throw new IllegalArgumentException("--jwt-issuer is required when tokens are verified (--jwt-jwks or --jwt-public-key)");
      }
      if (audiences.isEmpty() || audiences.stream().anyMatch(String::isBlank)) {
        throw new IllegalArgumentException("--jwt-audience is required when tokens are verified (--jwt-jwks or --jwt-public-key)");
      }
    }
  }

  public static AuthSettings off() {
    return new AuthSettings(null, List.of(), null, List.of(), DEFAULT_CLOCK_SKEW, DEFAULT_ACCOUNTS_CLAIM);
  }

  /** Tokens verified against {@code jwks} and/or {@code publicKeys}, with the default skew and account claim. */
  public static AuthSettings jwt(Path jwks, List<Path> publicKeys, String issuer, List<String> audiences) {
    return new AuthSettings(jwks, publicKeys, issuer, audiences, DEFAULT_CLOCK_SKEW, DEFAULT_ACCOUNTS_CLAIM);
  }

  /** True when callers must present a bearer token. */
  public boolean enabled() {
    return jwks != null || !publicKeys.isEmpty();
  }

  public AuthSettings withClockSkew(Duration value) {
    return new AuthSettings(jwks, publicKeys, issuer, audiences, value, accountsClaim);
  }

  public AuthSettings withAccountsClaim(String value) {
    return new AuthSettings(jwks, publicKeys, issuer, audiences, clockSkew, value);
  }
}

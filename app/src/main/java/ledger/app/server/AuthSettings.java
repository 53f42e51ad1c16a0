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
 * @param failureRate   failed authentications a second per peer address before new tokens from it are refused
 *                      RATE_LIMITED unchecked (token bucket refill); 0 turns the limit off
 * @param failureBurst  failed authentications a peer may have at once before the rate applies; 0 means the rate
 */
public record AuthSettings(Path jwks, List<Path> publicKeys, String issuer, List<String> audiences,
                           Duration clockSkew, String accountsClaim, long failureRate, long failureBurst) {

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final String DEFAULT_ACCOUNTS_CLAIM = "ledger_accounts";
  public static final long DEFAULT_FAILURE_RATE = 20;
  public static final long DEFAULT_FAILURE_BURST = 50;

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
    if (failureRate < 0) {
      throw new IllegalArgumentException("--auth-failure-rate must be 0 (off) or more, got " + failureRate);
    }
    if (failureBurst < 0) {
      throw new IllegalArgumentException("--auth-failure-burst must be 0 (the rate) or more, got " + failureBurst);
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
    return new AuthSettings(null, List.of(), null, List.of(), DEFAULT_CLOCK_SKEW, DEFAULT_ACCOUNTS_CLAIM,
        DEFAULT_FAILURE_RATE, DEFAULT_FAILURE_BURST);
  }

  /**
   * Tokens verified against {@code jwks} and/or {@code publicKeys}, with the default skew, account
   * claim and failure limit.
   */
  public static AuthSettings jwt(Path jwks, List<Path> publicKeys, String issuer, List<String> audiences) {
    return new AuthSettings(jwks, publicKeys, issuer, audiences, DEFAULT_CLOCK_SKEW, DEFAULT_ACCOUNTS_CLAIM,
        DEFAULT_FAILURE_RATE, DEFAULT_FAILURE_BURST);
  }

  /** True when callers must present a bearer token. */
  public boolean enabled() {
    return jwks != null || !publicKeys.isEmpty();
  }

  /** True when failed authentications are limited per peer address. */
  public boolean failuresLimited() {
    return failureRate > 0;
  }

  /** The failure bucket's size: the burst given, or one second's worth of the rate. */
  public long effectiveFailureBurst() {
    return failureBurst > 0 ? failureBurst : failureRate;
  }

  public AuthSettings withClockSkew(Duration value) {
    return new AuthSettings(jwks, publicKeys, issuer, audiences, value, accountsClaim, failureRate, failureBurst);
  }

  public AuthSettings withAccountsClaim(String value) {
    return new AuthSettings(jwks, publicKeys, issuer, audiences, clockSkew, value, failureRate, failureBurst);
  }

  public AuthSettings withFailureLimit(long rate, long burst) {
    return new AuthSettings(jwks, publicKeys, issuer, audiences, clockSkew, accountsClaim, rate, burst);
  }
}

package ledger.app.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import ledger.app.auth.AuthObserver.Outcome;
import ledger.app.server.AuthSettings;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.domain.Rejection;
import ledger.grpc.CallGate;
import ledger.grpc.CallGates;
import ledger.grpc.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gates of a server that authenticates its callers: each call must carry
 * {@code authorization: Bearer <jwt>}, a token that verifies ({@link TokenVerifier}) and grants
 * the scope of the service called. The token's subject names the caller, over a client
 * certificate's. Shared by every event loop; the keys can be replaced while it serves
 * ({@link KeyWatch}).
 *
 * <p>A token seen before costs a lookup: verified ones are cached ({@link TokenCache}), refused
 * ones remembered for a minute ({@link RefusedTokens}). A new token is verified only while its
 * peer has not failed too often ({@link FailedAuthLimit}): a flood of forged tokens, each a
 * signature check of up to milliseconds on the event loop, is refused RATE_LIMITED unchecked.
 */
public final class JwtCallGates implements CallGates {

  /** Verified tokens kept at most; a client reusing its token pays the signature check once. */
  static final int CACHED_TOKENS = 10_000;
  /** Refused tokens kept at most (32 bytes of hash and the refusal each, about 3 MB in all). */
  static final int REMEMBERED_REFUSALS = 10_000;
  /** How long a refusal is answered again without a verification. */
  static final Duration REFUSAL_MEMORY = Duration.ofSeconds(60);
  /** Longer than any token an issuer hands out; a longer header is refused before any parsing. */
  static final int MAX_TOKEN_CHARS = 8192;
  /** How often the key files are read again, to take rotated keys without a restart. */
  static final Duration KEY_CHECK_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(JwtCallGates.class);
  private static final String HEADER = "authorization";
  private static final String SCHEME = "bearer ";

  /**
   * A verifier, the tokens it verified and those it refused: replaced together, so no token
   * outlives the keys that verified it, and a token refused for want of a key not loaded yet is
   * verified again once it is.
   */
  private record Keys(TokenVerifier verifier, TokenCache cache, RefusedTokens refused) {
  }

  private final long skewSeconds;
  private final Clock clock;
  private final FailedAuthLimit failures;
  private final AuthObserver observer;
  private volatile Keys keys;

  /** No limit on failures, nothing observed. */
  JwtCallGates(TokenVerifier verifier, long skewSeconds, Clock clock) {
    this(verifier, skewSeconds, clock, null, AuthObserver.NONE);
  }

  /** {@code failures}: null for no limit. */
  JwtCallGates(TokenVerifier verifier, long skewSeconds, Clock clock, FailedAuthLimit failures,
      AuthObserver observer) {
    this.skewSeconds = skewSeconds;
    this.clock = clock;
    this.failures = failures;
    this.observer = observer;
    this.keys = keysOf(verifier);
  }

  /**
   * The gates {@code settings} ask for: open when authentication is off. Reads the key files
   * (blocking: call it before serving), then again every {@link #KEY_CHECK_INTERVAL}.
   */
  public static CallGates of(Vertx vertx, AuthSettings settings, AuthObserver observer) {
    if (!settings.enabled()) {
      return CallGates.OPEN;
    }
    Clock clock = Clock.systemUTC();
    FailedAuthLimit failures = settings.failuresLimited()
        ? new FailedAuthLimit(settings.failureRate(), settings.effectiveFailureBurst())
        : null;
    JwtCallGates gates = new JwtCallGates(new TokenVerifier(vertx, settings, clock),
        settings.clockSkew().toSeconds(), clock, failures, observer);
    new KeyWatch(vertx, settings, clock, gates::replaceKeys).start(KEY_CHECK_INTERVAL);
    LOG.info("Callers authenticate with bearer JWTs of issuer {} for audience {}, keys from {}{}, clock skew {} s, "
            + "failed authentications per address {}", settings.issuer(), settings.audiences(),
        settings.jwks() == null ? "" : settings.jwks() + " ", settings.publicKeys(), settings.clockSkew().toSeconds(),
        failures == null ? "unlimited" : settings.failureRate() + "/s (bursts of " + settings.effectiveFailureBurst() + ")");
    return gates;
  }

  /** From now on, tokens are verified by {@code verifier}; those verified before are verified again. */
  void replaceKeys(TokenVerifier verifier) {
    keys = keysOf(verifier);
  }

  private Keys keysOf(TokenVerifier verifier) {
    return new Keys(verifier, new TokenCache(CACHED_TOKENS, skewSeconds, clock),
        new RefusedTokens(REMEMBERED_REFUSALS, REFUSAL_MEMORY));
  }

  @Override
  public CallGate requiring(String scope) {
    return (headers, connection) -> {
      Keys now = keys;
      VerifiedToken token = now.cache().get(bearerToken(headers), bearer -> verify(now, bearer, connection.peerHost()));
      now.verifier().checkNotExpired(token.expiresAt());
      if (!token.scopes().contains(scope)) {
        throw new LedgerException(Reason.MISSING_SCOPE, "the bearer token lacks scope " + scope,
            Map.of("scope", scope));
      }
      return new Caller(token.subject(), connection.peerHost(), token.scopes(), token.accounts());
    };
  }

  /**
   * A token not in the cache: refused as it was a moment ago, or refused unchecked while its
   * peer is over its failure limit, or verified (remembering a refusal).
   */
  private VerifiedToken verify(Keys now, String token, String peer) {
    Rejection remembered = now.refused().known(token);
    if (remembered != null) {
      observer.checked(Outcome.REFUSAL_REMEMBERED);
      throw new LedgerException(remembered);
    }
    LedgerException overLimit = failures == null ? null : failures.tryVerify(peer);
    if (overLimit != null) {
      observer.checked(Outcome.PEER_OVER_LIMIT);
      throw overLimit;
    }
    VerifiedToken verified;
    try {
      verified = now.verifier().verify(token);
    } catch (LedgerException refused) {
      now.refused().remember(token, refused.rejection());
      observer.checked(Outcome.REFUSED);
      throw refused;
    }
    if (failures != null) {
      failures.verified(peer);
    }
    observer.checked(Outcome.VERIFIED);
    return verified;
  }

  private static String bearerToken(MultiMap headers) {
    String value = headers.get(HEADER);
    if (value == null || value.isBlank()) {
      throw new LedgerException(Reason.TOKEN_MISSING, "no bearer token: send the metadata authorization: Bearer <jwt>");
    }
    if (value.length() > SCHEME.length() + MAX_TOKEN_CHARS) {
      throw new LedgerException(Reason.TOKEN_INVALID, "the bearer token is not accepted: it is longer than "
          + MAX_TOKEN_CHARS + " characters");
    }
    if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw new LedgerException(Reason.TOKEN_INVALID,
          "the bearer token is not accepted: the authorization metadata must read Bearer <jwt>");
    }
    String token = value.substring(SCHEME.length()).trim();
    if (token.isEmpty()) {
      throw new LedgerException(Reason.TOKEN_MISSING, "no bearer token: send the metadata authorization: Bearer <jwt>");
    }
    return token;
  }
}

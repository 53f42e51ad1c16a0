package ledger.app.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import ledger.app.server.AuthSettings;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
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
 */
public final class JwtCallGates implements CallGates {

  /** Verified tokens kept at most; a client reusing its token pays the signature check once. */
  static final int CACHED_TOKENS = 10_000;
  /** Longer than any token an issuer hands out; a longer header is refused before any parsing. */
  static final int MAX_TOKEN_CHARS = 8192;
  /** How often the key files are read again, to take rotated keys without a restart. */
  static final Duration KEY_CHECK_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(JwtCallGates.class);
  private static final String HEADER = "authorization";
  private static final String SCHEME = "bearer ";

  /** A verifier and the tokens it verified: replaced together, so no token outlives the keys that verified it. */
  private record Keys(TokenVerifier verifier, TokenCache cache) {
  }

  private final long skewSeconds;
  private final Clock clock;
  private volatile Keys keys;

  JwtCallGates(TokenVerifier verifier, long skewSeconds, Clock clock) {
    this.skewSeconds = skewSeconds;
    this.clock = clock;
    this.keys = new Keys(verifier, new TokenCache(CACHED_TOKENS, skewSeconds, clock));
  }

  /**
   * The gates {@code settings} ask for: open when authentication is off. Reads the key files
   * (blocking: call it before serving), then again every {@link #KEY_CHECK_INTERVAL}.
   */
  public static CallGates of(Vertx vertx, AuthSettings settings) {
    if (!settings.enabled()) {
      return CallGates.OPEN;
    }
    Clock clock = Clock.systemUTC();
    JwtCallGates gates = new JwtCallGates(new TokenVerifier(vertx, settings, clock),
        settings.clockSkew().toSeconds(), clock);
    new KeyWatch(vertx, settings, clock, gates::replaceKeys).start(KEY_CHECK_INTERVAL);
    LOG.info("Callers authenticate with bearer JWTs of issuer {} for audience {}, keys from {}{}, clock skew {} s",
        settings.issuer(), settings.audiences(), settings.jwks() == null ? "" : settings.jwks() + " ",
        settings.publicKeys(), settings.clockSkew().toSeconds());
    return gates;
  }

  /** From now on, tokens are verified by {@code verifier}; those verified before are verified again. */
  void replaceKeys(TokenVerifier verifier) {
    keys = new Keys(verifier, new TokenCache(CACHED_TOKENS, skewSeconds, clock));
  }

  @Override
  public CallGate requiring(String scope) {
    return (headers, connection) -> {
      Keys now = keys;
      VerifiedToken token = now.cache().get(bearerToken(headers), now.verifier()::verify);
      now.verifier().checkNotExpired(token.expiresAt());
      if (!token.scopes().contains(scope)) {
        throw new LedgerException(Reason.MISSING_SCOPE, "the bearer token lacks scope " + scope,
            Map.of("scope", scope));
      }
      return new Caller(token.subject(), connection.peerHost(), token.scopes(), token.accounts());
    };
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

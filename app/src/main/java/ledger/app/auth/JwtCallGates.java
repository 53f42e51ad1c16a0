package ledger.app.auth;

import java.time.Clock;
import java.util.Map;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import ledger.app.server.AuthSettings;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.grpc.CallGate;
import ledger.grpc.CallGates;
import ledger.grpc.Caller;

/**
 * The gates of a server that authenticates its callers: each call must carry
 * {@code authorization: Bearer <jwt>}, a token that verifies ({@link TokenVerifier}) and grants
 * the scope of the service called. The token's subject names the caller, over a client
 * certificate's. Shared by every event loop.
 */
public final class JwtCallGates implements CallGates {

  /** Verified tokens kept at most; a client reusing its token pays the signature check once. */
  static final int CACHED_TOKENS = 10_000;
  /** Longer than any token an issuer hands out; a longer header is refused before any parsing. */
  static final int MAX_TOKEN_CHARS = 8192;

  private static final String HEADER = "authorization";
  private static final String SCHEME = "bearer ";

  private final TokenVerifier verifier;
  private final TokenCache cache;

  JwtCallGates(TokenVerifier verifier, TokenCache cache) {
    this.verifier = verifier;
    this.cache = cache;
  }

  /** The gates {@code settings} ask for: open when authentication is off. Reads the key files (blocking). */
  public static CallGates of(Vertx vertx, AuthSettings settings) {
    if (!settings.enabled()) {
      return CallGates.OPEN;
    }
    Clock clock = Clock.systemUTC();
    return new JwtCallGates(new TokenVerifier(vertx, settings, clock),
        new TokenCache(CACHED_TOKENS, settings.clockSkew().toSeconds(), clock));
  }

  @Override
  public CallGate requiring(String scope) {
    return (headers, connection) -> {
      VerifiedToken token = cache.get(bearerToken(headers), verifier::verify);
      verifier.checkNotExpired(token.expiresAt());
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

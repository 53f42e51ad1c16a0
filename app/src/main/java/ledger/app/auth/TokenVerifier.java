package ledger.app.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import ledger.app.server.AuthSettings;
import ledger.domain.LedgerException;
import ledger.domain.Reason;

/**
 * Verifies a bearer JWT: RS256 or ES256 only, signed by one of the configured keys (checked by
 * vertx-auth-jwt), from the configured issuer, for one of the configured audiences, with an
 * {@code exp}, within its {@code nbf}/{@code exp} window give or take the clock skew. The
 * library's own time checks are switched off: it accepts a token without {@code exp}, and it
 * answers expired, not yet valid and issued-in-the-future alike, where a caller must be told
 * TOKEN_EXPIRED (get a new token) apart from TOKEN_INVALID. Messages never quote the token.
 */
final class TokenVerifier {

  private static final Set<String> ALGORITHMS = Set.of("RS256", "ES256");

  private final JWTAuth jwt;
  private final String issuer;
  private final List<String> audiences;
  private final long skewSeconds;
  private final String accountsClaim;
  private final Clock clock;

  TokenVerifier(Vertx vertx, AuthSettings settings, Clock clock) {
    this(vertx, VerificationKeys.load(settings.jwks(), settings.publicKeys()), settings, clock);
  }

  TokenVerifier(Vertx vertx, JWTAuthOptions keys, AuthSettings settings, Clock clock) {
    this.jwt = JWTAuth.create(vertx, keys.setJWTOptions(new JWTOptions().setIgnoreExpiration(true)));
    this.issuer = settings.issuer();
    this.audiences = settings.audiences();
    this.skewSeconds = settings.clockSkew().toSeconds();
    this.accountsClaim = settings.accountsClaim();
    this.clock = clock;
  }

  /** The token's grant; throws UNAUTHENTICATED TOKEN_EXPIRED or TOKEN_INVALID. */
  VerifiedToken verify(String token) {
    requireAcceptedAlgorithm(token);
    JsonObject claims = verifiedClaims(token);
    if (!issuer.equals(claims.getValue("iss"))) {
      throw invalid("it was not issued by the trusted issuer " + issuer);
    }
    if (!namesAnAudience(claims.getValue("aud"))) {
      throw invalid("its audience does not include " + String.join(" or ", audiences));
    }
    long now = clock.millis() / 1000;
    long expiresAt = Claims.numericDate(claims, "exp", true);
    checkNotExpired(expiresAt, now);
    long notBefore = Claims.numericDate(claims, "nbf", false);
    if (notBefore != Long.MIN_VALUE && notBefore > now + skewSeconds) {
      throw invalid("it is not valid before " + notBefore + " (now " + now + ")");
    }
    long issuedAt = Claims.numericDate(claims, "iat", false);
    if (issuedAt != Long.MIN_VALUE && issuedAt > now + skewSeconds) {
      throw invalid("it was issued in the future (iat " + issuedAt + ", now " + now + ")");
    }
    Object subject = claims.getValue("sub");
    if (!(subject instanceof String sub) || sub.isBlank()) {
      throw invalid("it names no subject (sub)");
    }
    return new VerifiedToken(sub, Claims.scopes(claims), Claims.accounts(claims, accountsClaim), expiresAt);
  }

  /** Still valid at this moment (a token verified earlier, from the cache). */
  void checkNotExpired(long expiresAt) {
    checkNotExpired(expiresAt, clock.millis() / 1000);
  }

  private void checkNotExpired(long expiresAt, long now) {
    if (now - skewSeconds >= expiresAt) {
      throw new LedgerException(Reason.TOKEN_EXPIRED, "the bearer token expired at " + expiresAt + " (now " + now
          + "); get a new one");
    }
  }

  /**
   * Before any signature check: only RS256 and ES256, so neither {@code none} nor an HMAC "signed"
   * with a public key reaches the library.
   */
  private static void requireAcceptedAlgorithm(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || token.chars().filter(c -> c == '.').count() != 2) {
      throw invalid("it is not a signed JWT (header.payload.signature)");
    }
    JsonObject header;
    try {
      header = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8));
    } catch (RuntimeException unreadable) {
      throw invalid("its header is not base64url JSON");
    }
    // RFC 7515 §4.1.11: extensions marked critical must be understood, and none is here.
    if (header.containsKey("crit")) {
      throw invalid("its header names critical extensions (crit), which this server does not implement");
    }
    Object alg = header.getValue("alg");
    if (!(alg instanceof String name) || !ALGORITHMS.contains(name)) {
      throw invalid("its algorithm " + (alg instanceof String name ? name : "(none given)")
          + " is neither RS256 nor ES256");
    }
  }

  /** The claims, once the signature verified against a configured key. */
  private JsonObject verifiedClaims(String token) {
    Future<User> verified;
    try {
      verified = jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException unreadable) {
      // 5.0.7 throws, rather than fails, on some malformed claims (a non-numeric exp, say).
      throw invalid("its claims are malformed");
    }
    // vertx-auth-jwt 5.0.7 verifies synchronously: the future is complete when authenticate returns.
    if (!verified.isComplete() || verified.failed()) {
      throw invalid("its signature does not verify against any configured key");
    }
    JsonObject claims = verified.result().attributes().getJsonObject("accessToken");
    if (claims == null) {
      throw invalid("it carries no claims");
    }
    return claims;
  }

  private boolean namesAnAudience(Object aud) {
    if (aud instanceof String one) {
      return audiences.contains(one);
    }
    if (aud instanceof JsonArray many) {
      return many.stream().anyMatch(audiences::contains);
    }
    return false;
  }

  static LedgerException invalid(String why) {
    return new LedgerException(Reason.TOKEN_INVALID, "the bearer token is not accepted: " + why, Map.of());
  }
}

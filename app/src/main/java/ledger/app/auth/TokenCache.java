package ledger.app.auth;

import java.time.Clock;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Tokens that verified, keyed by the token string, each kept until it expires (give or take the
 * skew) and at most {@code maxTokens} of them: a client that sends the same token with every call
 * pays the signature check once. Only tokens that verified are kept, so garbage sent at the
 * port cannot fill it; a cached token is still checked for expiry on every use.
 */
final class TokenCache {

  private final Cache<String, VerifiedToken> tokens;

  TokenCache(int maxTokens, long skewSeconds, Clock clock) {
    this.tokens = Caffeine.newBuilder()
        .maximumSize(maxTokens)
        .expireAfter(Expiry.<String, VerifiedToken>creating((token, verified) -> java.time.Duration.ofMillis(
            Math.max(0, (verified.expiresAt() + skewSeconds) * 1000 - clock.millis()))))
        .build();
  }

  /** The cached verification, or {@code verify}'s (which throws for a token refused; nothing is cached then). */
  VerifiedToken get(String token, Function<String, VerifiedToken> verify) {
    VerifiedToken known = tokens.getIfPresent(token);
    if (known != null) {
      return known;
    }
    VerifiedToken verified = verify.apply(token);
    tokens.put(token, verified);
    return verified;
  }

  long size() {
    tokens.cleanUp();
    return tokens.estimatedSize();
  }
}

package ledger.app.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import ledger.domain.Rejection;

/**
 * Tokens that failed verification, remembered for a while with the refusal they got: the same
 * forged, expired or mistaken token sent again is answered the same for the cost of a hash and
 * a lookup instead of another signature check. Keyed by the token's SHA-256, so a token of
 * 8192 characters takes 32 bytes here, and at most {@code maxTokens} of them (least recently
 * used forgotten first). An entry can only refuse: nothing here ever admits a caller.
 */
final class RefusedTokens {

  private final Cache<ByteBuffer, Rejection> refusals;

  RefusedTokens(int maxTokens, Duration remembered) {
    this(maxTokens, remembered, Ticker.systemTicker());
  }

  RefusedTokens(int maxTokens, Duration remembered, Ticker ticker) {
    this.refusals = Caffeine.newBuilder().maximumSize(maxTokens).expireAfterWrite(remembered).ticker(ticker).build();
  }

  /** The refusal {@code token} got within the remembered time, or null. */
  Rejection known(String token) {
    return refusals.getIfPresent(key(token));
  }

  void remember(String token, Rejection refusal) {
    refusals.put(key(token), refusal);
  }

  long size() {
    refusals.cleanUp();
    return refusals.estimatedSize();
  }

  private static ByteBuffer key(String token) {
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}

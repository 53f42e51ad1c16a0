package ledger.readmodel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import ledger.domain.AccountId;
import ledger.domain.InvalidInputException;
import ledger.domain.Reason;
import ledger.store.Checkpoint;

/**
 * What a write hands back so that a later read sees it. It names the stream version of
 * every account the write touched (gapless per stream, so "view version >= v" is safe
 * whatever the commit order), and the write's point in commit order for reads of
 * other accounts. Opaque to callers: {@code v1.} and URL-safe base64 of a small binary.
 */
public record ConsistencyToken(Map<AccountId, Long> streamVersions, Checkpoint commitPoint) {

  /** What a read without a token waits for: nothing. */
  public static final ConsistencyToken NONE = new ConsistencyToken(Map.of(), Checkpoint.START);

  private static final String PREFIX = "v1.";
  private static final int MAX_STREAMS = 16;

  public ConsistencyToken {
    if (streamVersions.size() > MAX_STREAMS) {
      throw new IllegalArgumentException("a token names at most " + MAX_STREAMS + " accounts");
    }
    streamVersions = Collections.unmodifiableMap(new TreeMap<>(streamVersions));
  }

  public OptionalLong versionOf(AccountId account) {
    Long version = streamVersions.get(account);
    return version == null ? OptionalLong.empty() : OptionalLong.of(version);
  }

  public String encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(commitPoint.transactionId());
      out.writeLong(commitPoint.globalPosition());
      out.writeByte(streamVersions.size());
      for (Map.Entry<AccountId, Long> entry : streamVersions.entrySet()) {
        out.writeUTF(entry.getKey().value());
        out.writeLong(entry.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  /** A request's token field: empty means no token ({@link #NONE}); anything else must decode. */
  public static ConsistencyToken ofRequest(String token) {
    return token.isEmpty() ? NONE : decode(token);
  }

  /** Parses a token from a caller; anything malformed is INVALID_TOKEN. */
  public static ConsistencyToken decode(String token) {
    if (token == null || !token.startsWith(PREFIX) || token.length() > 4096) {
      throw invalid("consistency_token is not a token this ledger issued");
    }
    try {
      byte[] raw = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
      Checkpoint commitPoint = new Checkpoint(in.readLong(), in.readLong());
      int count = in.readUnsignedByte();
      if (count > MAX_STREAMS || commitPoint.transactionId() < 0 || commitPoint.globalPosition() < 0) {
        throw invalid("consistency_token is malformed");
      }
      Map<AccountId, Long> versions = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        AccountId account = AccountId.of(in.readUTF());
        long version = in.readLong();
        if (version <= 0) {
          throw invalid("consistency_token is malformed");
        }
        versions.put(account, version);
      }
      if (in.available() != 0) {
        throw invalid("consistency_token has trailing bytes");
      }
      return new ConsistencyToken(versions, commitPoint);
    } catch (IOException | IllegalArgumentException e) {
      throw invalid("consistency_token is malformed");
    } catch (InvalidInputException e) {
      if (e.reason() == Reason.INVALID_TOKEN) {
        throw e;
      }
      throw invalid("consistency_token is malformed");
    }
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException(Reason.INVALID_TOKEN, message);
  }
}

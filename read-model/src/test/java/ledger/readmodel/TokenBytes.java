package ledger.readmodel;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Hand-built consistency tokens, laid out as {@link ConsistencyToken#encode()} writes them. */
final class TokenBytes {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final DataOutputStream out = new DataOutputStream(bytes);

  static TokenBytes at(long transactionId, long globalPosition, int streamCount) {
    TokenBytes token = new TokenBytes();
    token.write(() -> {
      token.out.writeLong(transactionId);
      token.out.writeLong(globalPosition);
      token.out.writeByte(streamCount);
    });
    return token;
  }

  TokenBytes stream(String accountId, long version) {
    write(() -> {
      out.writeUTF(accountId);
      out.writeLong(version);
    });
    return this;
  }

  TokenBytes raw(byte... extra) {
    write(() -> out.write(extra));
    return this;
  }

  String encode() {
    return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  private void write(Writing writing) {
    try {
      writing.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Writing {
    void run() throws IOException;
  }
}

package ledger.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.MessageOrBuilder;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.WireFormat;
import ledger.domain.LedgerException;
import ledger.domain.Reason;

/**
 * Turns a call's message into its request, or into a precise refusal. vertx-grpc 5.0.7 would
 * reset the stream on a body that does not parse (the caller reads CANCELLED, as if it had
 * cancelled itself), and inflates gzip without any limit (a small body may inflate to
 * gigabytes). Identity bodies take the library's own path: the method's decoder, no extra copy.
 */
final class RequestDecoder<Req> {

  /** What a server allows when told nothing else; grpc-java's default too. */
  static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

  /** Protobuf's own limit on nested messages; no ledger request nests more than two. */
  static final int MAX_JSON_DEPTH = 100;

  private final GrpcMessageDecoder<Req> decoder;
  private final String messageType;
  private final long maxBytes;

  RequestDecoder(ServiceMethod<Req, ?> method, long maxBytes) {
    this.decoder = method.decoder();
    this.messageType = messageType(method);
    this.maxBytes = maxBytes;
  }

  Req decode(GrpcMessage message) {
    GrpcMessage plain = switch (message.encoding()) {
      case "identity" -> message;
      case "gzip" -> GrpcMessage.message("identity", message.format(), inflate(message.payload()));
      default -> throw new LedgerException(Reason.UNSUPPORTED_ENCODING, "grpc-encoding " + message.encoding()
          + " is not supported; send identity or gzip");
    };
    if (plain.format() == WireFormat.JSON && nestedDeeperThan(plain.payload(), MAX_JSON_DEPTH)) {
      // protobuf-java-util's JSON parser recurses once per level of a one-element array (Gson's
      // JsonArray.getAsString): 20,000 levels overflowed the event loop's stack and left the call hanging
      throw malformed("the request is JSON nested deeper than " + MAX_JSON_DEPTH + " levels");
    }
    try {
      return decoder.decode(plain);
    } catch (RuntimeException | StackOverflowError unparsable) {
      // CodecException from protobuf or JSON; anything else a decoder throws means the same to the caller,
      // and a decoder that recursed too deep has unwound by now: its state was its own
      throw malformed("the request is not a valid " + messageType + ": " + rootMessage(unparsable));
    }
  }

  /** Brackets and braces open at once, outside strings, more than {@code max}: a linear scan, no parsing. */
  static boolean nestedDeeperThan(Buffer json, int max) {
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0, n = json.length(); i < n; i++) {
      byte b = json.getByte(i);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '[' || b == '{') {
        if (++depth > max) {
          return true;
        }
      } else if (b == ']' || b == '}') {
        depth--;
      }
    }
    return false;
  }

  /** A message over the limit before it was inflated, as the library's deframer measured it. */
  LedgerException tooLarge(long messageBytes) {
    return tooLarge("the request message of " + messageBytes + " bytes is larger than the server's limit of "
        + maxBytes + " bytes");
  }

  private LedgerException tooLarge(String message) {
    return new LedgerException(Reason.MESSAGE_TOO_LARGE, message, Map.of("max_bytes", Long.toString(maxBytes)));
  }

  LedgerException incomplete() {
    return malformed("the request ended without a complete " + messageType + " message");
  }

  private LedgerException malformed(String message) {
    return new LedgerException(Reason.MALFORMED_REQUEST, message, Map.of("message_type", messageType));
  }

  /** Inflates at most {@code maxBytes + 1} bytes, so a bomb costs no more memory than an honest message. */
  private Buffer inflate(Buffer compressed) {
    byte[] inflated;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.getBytes()))) {
      inflated = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (IOException | RuntimeException corrupt) {
      throw malformed("the gzip-compressed request could not be inflated: " + rootMessage(corrupt));
    }
    if (inflated.length > maxBytes) {
      throw tooLarge("the request inflates to more than the server's limit of " + maxBytes + " bytes");
    }
    return Buffer.buffer(inflated);
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : "unreadable";
  }

  /** The request's protobuf type, read once from what the decoder makes of an empty body. */
  private static String messageType(ServiceMethod<?, ?> method) {
    try {
      Object empty = method.decoder().decode(GrpcMessage.message("identity", WireFormat.PROTOBUF, Buffer.buffer()));
      if (empty instanceof MessageOrBuilder message) {
        return message.getDescriptorForType().getFullName();
      }
    } catch (RuntimeException notProtobuf) {
      // fall through to the method's name
    }
    return method.methodName() + " request";
  }
}

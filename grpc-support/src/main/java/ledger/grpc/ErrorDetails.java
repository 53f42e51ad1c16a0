package ledger.grpc;

import java.util.Base64;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Duration;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.vertx.core.MultiMap;
import ledger.domain.LedgerException;
import ledger.domain.Rejection;

/**
 * The standard rich-error encoding: a google.rpc.Status carrying an ErrorInfo, in the
 * {@code grpc-status-details-bin} trailer, so grpc-java ({@code StatusProto.fromThrowable})
 * and grpc-go ({@code status.FromError(...).Details()}) read it with their usual helpers. A
 * refusal that knows when a retry may succeed adds the standard google.rpc.RetryInfo beside it.
 */
public final class ErrorDetails {

  public static final String TRAILER = "grpc-status-details-bin";
  public static final String DOMAIN = "ledger.v1";

  private ErrorDetails() {
  }

  public static Status toStatus(LedgerException error) {
    Rejection rejection = error.rejection();
    ErrorInfo info = ErrorInfo.newBuilder()
        .setReason(rejection.reason().name())
        .setDomain(DOMAIN)
        .putAllMetadata(rejection.details())
        .build();
    Status.Builder status = Status.newBuilder()
        .setCode(ErrorCodes.statusOf(rejection.reason()).code)
        .setMessage(rejection.message())
        .addDetails(Any.pack(info));
    error.retryAfter().ifPresent(delay -> status.addDetails(Any.pack(RetryInfo.newBuilder()
        .setRetryDelay(Duration.newBuilder().setSeconds(delay.getSeconds()).setNanos(delay.getNano()))
        .build())));
    return status.build();
  }

  /** Vert.x does not base64 "-bin" values itself; an unencoded value would break the response. */
  public static String encode(LedgerException error) {
    return Base64.getEncoder().withoutPadding().encodeToString(toStatus(error).toByteArray());
  }

  /** Reads the ErrorInfo back from response trailers or, for a trailers-only response, headers. */
  public static ErrorInfo read(MultiMap trailers, MultiMap headers) {
    Status status = statusOf(trailers, headers);
    if (status == null) {
      return null;
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The RetryInfo's delay from response trailers or headers, or null when there is none. */
  public static java.time.Duration retryDelay(MultiMap trailers, MultiMap headers) {
    Status status = statusOf(trailers, headers);
    if (status == null) {
      return null;
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        try {
          Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
          return java.time.Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
        } catch (InvalidProtocolBufferException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static Status statusOf(MultiMap trailers, MultiMap headers) {
    String value = trailers != null ? trailers.get(TRAILER) : null;
    if (value == null && headers != null) {
      value = headers.get(TRAILER);
    }
    if (value == null) {
      return null;
    }
    try {
      return Status.parseFrom(Base64.getDecoder().decode(value));
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      return null;
    }
  }

  public static Map<String, String> metadataOf(ErrorInfo info) {
    return info == null ? Map.of() : info.getMetadataMap();
  }
}

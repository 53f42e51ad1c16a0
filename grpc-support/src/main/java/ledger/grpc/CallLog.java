package ledger.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.vertx.grpc.common.GrpcStatus;
import ledger.domain.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The log lines of one call, its fields as key-value pairs ({@link LogFields}): an unforeseen
 * failure at ERROR, and the call itself at DEBUG once it ends (logger {@code ledger.grpc.CallLog}).
 * Of the request only the account and command ids are ever written, never the rest (amounts,
 * references), and never a header (a bearer token travels in one). The request is kept, not read,
 * until a line is written, so a call costs nothing more while DEBUG is off.
 */
final class CallLog {

  private static final Logger LOG = LoggerFactory.getLogger(CallLog.class);
  /** Ids are short (the domain takes at most 64 characters); a longer one is shown cut, not whole. */
  static final int MAX_ID_CHARS = 100;

  private final String method;
  private final String correlationId;
  private Object request;
  private String reason;

  CallLog(String method, String correlationId) {
    this.method = method;
    this.correlationId = correlationId;
  }

  String method() {
    return method;
  }

  String correlationId() {
    return correlationId;
  }

  void request(Object message) {
    this.request = message;
  }

  /** What the caller is told, unless OK: its reason goes into the call's line. */
  void refused(LedgerException error) {
    this.reason = error.reason().name();
  }

  void internal(Throwable failure) {
    with(LOG.atError()).addKeyValue(LogFields.STATUS, GrpcStatus.INTERNAL.name())
        .setMessage("{} failed unexpectedly").addArgument(method).setCause(failure).log();
  }

  void completed(GrpcStatus status, long nanos) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    LoggingEventBuilder line = with(LOG.atDebug()).addKeyValue(LogFields.STATUS, status.name());
    if (status != GrpcStatus.OK && reason != null) {
      line = line.addKeyValue(LogFields.REASON, reason);
    }
    line.addKeyValue(LogFields.DURATION_MS, nanos / 1_000_000).setMessage("{} {}").addArgument(method)
        .addArgument(status.name()).log();
  }

  private LoggingEventBuilder with(LoggingEventBuilder line) {
    line = line.addKeyValue(LogFields.RPC, method).addKeyValue(LogFields.CORRELATION_ID, correlationId);
    line = withField(line, LogFields.ACCOUNT, "account_id");
    line = withField(line, LogFields.ACCOUNT, "from_account_id");
    line = withField(line, LogFields.TO_ACCOUNT, "to_account_id");
    return withField(line, LogFields.COMMAND_ID, "command_id");
  }

  private LoggingEventBuilder withField(LoggingEventBuilder line, String key, String protoName) {
    String value = field(request, protoName);
    return value == null ? line : line.addKeyValue(key, value);
  }

  /**
   * A string field of the request by its proto name, null when it has none or it is empty; cut at
   * {@link #MAX_ID_CHARS} with control characters replaced, since the caller chose it and it has not
   * necessarily been validated yet (a line break in it would forge a line of the text format).
   */
  static String field(Object request, String name) {
    if (!(request instanceof Message message)) {
      return null;
    }
    FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
    if (field == null || field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.STRING) {
      return null;
    }
    String value = (String) message.getField(field);
    if (value.isEmpty()) {
      return null;
    }
    StringBuilder shown = new StringBuilder(Math.min(value.length(), MAX_ID_CHARS + 3));
    value.codePoints().limit(MAX_ID_CHARS).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return value.codePointCount(0, value.length()) > MAX_ID_CHARS ? shown.append("...").toString() : shown.toString();
  }
}

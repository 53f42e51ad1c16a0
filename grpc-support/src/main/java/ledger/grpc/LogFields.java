package ledger.grpc;

/**
 * The names of the fields a server log line carries as SLF4J key-value pairs: top-level fields
 * of the JSON format, {@code key="value"} after the message in the text one. One table, like the
 * metric names, so that renaming a variable cannot rename what a log query searches for
 * (docs/operations.md, Logs, lists them).
 */
public final class LogFields {

  /** The call's x-request-id, or the id made up for it: quoted by INTERNAL errors, stored in the event metadata. */
  public static final String CORRELATION_ID = "correlation_id";
  /** The gRPC method name, e.g. {@code Deposit}. */
  public static final String RPC = "rpc";
  /** The gRPC status code the call ended with, e.g. {@code OK}, {@code FAILED_PRECONDITION}. */
  public static final String STATUS = "status";
  /** The ErrorInfo reason of a call that did not end OK, e.g. {@code INSUFFICIENT_FUNDS}. */
  public static final String REASON = "reason";
  /** The account a call or an event is about. */
  public static final String ACCOUNT = "account";
  /** The credited account of a transfer ({@link #ACCOUNT} is the debited one). */
  public static final String TO_ACCOUNT = "to_account";
  /** The caller's command id of a command call. */
  public static final String COMMAND_ID = "command_id";
  /** How long the call took, in milliseconds. */
  public static final String DURATION_MS = "duration_ms";
  /** A projection partition (0 when the views are not partitioned). */
  public static final String PARTITION = "partition";
  /** An event's version within its account's stream. */
  public static final String VERSION = "version";

  private LogFields() {
  }
}

package ledger.domain;

/**
 * Every reason the ledger gives for answering with an error instead of a result. The names
 * travel to clients as the machine-readable reason of the error (google.rpc.ErrorInfo), so
 * they are part of the contract; each is bound to its gRPC status code in one table
 * (grpc-support's {@code ErrorCodes}), and the README's error table is checked against both.
 */
public enum Reason {
  // Input that can never be valid, whatever the state of the ledger.
  INVALID_ACCOUNT_ID,
  INVALID_COMMAND_ID,
  INVALID_CURRENCY,
  INVALID_AMOUNT,
  INVALID_OVERDRAFT_LIMIT,
  INVALID_REFERENCE,
  INVALID_REASON,
  SELF_TRANSFER,
  INVALID_TOKEN,
  INVALID_PAGE_SIZE,
  INVALID_PAGE_TOKEN,
  INVALID_VERSION,
  INVALID_POINT,
  INVALID_TIMESTAMP,
  COMMAND_ID_REUSED,
  // A request body compressed with an encoding this server does not decode (it takes identity and gzip).
  UNSUPPORTED_ENCODING,
  // A request body that does not parse as its message (or does not decompress).
  MALFORMED_REQUEST,
  // The caller could not be authenticated: no bearer token, an expired one, or one that does not verify.
  TOKEN_MISSING,
  TOKEN_EXPIRED,
  TOKEN_INVALID,
  // The caller is known but may not do this: a scope it lacks, or an account outside its grant.
  MISSING_SCOPE,
  ACCOUNT_NOT_ALLOWED,
  // A limit of the server or of the caller was reached; worth retrying later.
  MESSAGE_TOO_LARGE,
  RATE_LIMITED,
  TOO_MANY_STREAMS,
  APPEND_QUEUE_FULL,
  // A server stream whose caller does not take what it is sent fell too far behind; it resumes
  // from the last version it received + 1.
  STREAM_TOO_SLOW,
  // The request does not fit the state of the accounts it names.
  BALANCE_OVERFLOW,
  ACCOUNT_NOT_FOUND,
  ACCOUNT_ALREADY_EXISTS,
  INSUFFICIENT_FUNDS,
  CURRENCY_MISMATCH,
  ACCOUNT_FROZEN,
  ACCOUNT_CLOSED,
  NON_ZERO_BALANCE,
  VERSION_NOT_REACHED,
  // A stored event this release cannot read (written by a newer one, or malformed).
  EVENT_UNREADABLE,
  // Work only the projection writer does, asked of an instance that is not (or stopped being) it.
  NOT_THE_WRITER,
  // Other writers, or the read side, got in the way; worth retrying.
  VERSION_MISMATCH,
  CONCURRENCY_CONFLICT,
  CONSISTENCY_WAIT_TIMEOUT,
  BACKEND_UNAVAILABLE,
  VIEW_DEGRADED,
  // This process is stopping (a rollout, a scale-in): the call belongs on another instance.
  SHUTTING_DOWN,
  // A fault of the ledger itself, logged with a correlation id.
  INTERNAL
}

package ledger.command;

import java.util.HashMap;
import java.util.Map;

import io.vertx.grpc.common.GrpcStatus;
import ledger.domain.InvalidCommandException;
import ledger.domain.Reason;
import ledger.domain.Rejection;
import ledger.grpc.ApiException;
import ledger.grpc.ErrorTranslator;
import ledger.store.BackendFailures;

/** The one table from the command side's failures to gRPC status codes. */
public final class CommandErrors implements ErrorTranslator {

  @Override
  public ApiException translate(Throwable failure) {
    if (failure instanceof InvalidCommandException invalid) {
      return of(invalid.rejection());
    }
    if (failure instanceof RejectedException rejected) {
      return of(rejected.rejection());
    }
    if (failure instanceof CommandIdReusedException reused) {
      return new ApiException(GrpcStatus.INVALID_ARGUMENT, "COMMAND_ID_REUSED", reused.getMessage(),
          Map.of("command_id", reused.commandId(), "original_command_type", reused.originalType()));
    }
    if (failure instanceof ConflictsExhaustedException exhausted) {
      return new ApiException(GrpcStatus.ABORTED, "CONCURRENCY_CONFLICT", exhausted.getMessage(),
          Map.of("attempts", Integer.toString(exhausted.attempts())));
    }
    if (BackendFailures.isUnavailable(failure)) {
      return new ApiException(GrpcStatus.UNAVAILABLE, "BACKEND_UNAVAILABLE",
          "the event store did not answer; the command may be retried with the same command_id");
    }
    return null;
  }

  static ApiException of(Rejection rejection) {
    Map<String, String> metadata = new HashMap<>(rejection.details());
    return new ApiException(statusOf(rejection.reason()), rejection.reason().name(), rejection.message(), metadata);
  }

  static GrpcStatus statusOf(Reason reason) {
    return switch (reason) {
      case INVALID_ACCOUNT_ID, INVALID_COMMAND_ID, INVALID_CURRENCY, INVALID_AMOUNT, INVALID_OVERDRAFT_LIMIT,
          INVALID_REFERENCE, INVALID_REASON, SELF_TRANSFER, BALANCE_OVERFLOW -> GrpcStatus.INVALID_ARGUMENT;
      case ACCOUNT_NOT_FOUND -> GrpcStatus.NOT_FOUND;
      case ACCOUNT_ALREADY_EXISTS -> GrpcStatus.ALREADY_EXISTS;
      case INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, ACCOUNT_FROZEN, ACCOUNT_CLOSED, NON_ZERO_BALANCE ->
          GrpcStatus.FAILED_PRECONDITION;
      case VERSION_MISMATCH -> GrpcStatus.ABORTED;
    };
  }
}

package ledger.query;

import io.vertx.grpc.common.GrpcStatus;
import ledger.domain.InvalidCommandException;
import ledger.grpc.ApiException;
import ledger.grpc.ErrorTranslator;
import ledger.readmodel.ConsistencyToken;
import ledger.store.BackendFailures;

/** The one table from the query side's failures to gRPC status codes. */
final class QueryErrors implements ErrorTranslator {

  @Override
  public ApiException translate(Throwable failure) {
    if (failure instanceof InvalidCommandException invalid) {
      return new ApiException(GrpcStatus.INVALID_ARGUMENT, invalid.rejection().reason().name(), invalid.getMessage());
    }
    if (failure instanceof ConsistencyToken.InvalidTokenException token) {
      return new ApiException(GrpcStatus.INVALID_ARGUMENT, "INVALID_TOKEN", token.getMessage());
    }
    if (failure instanceof ConsistencyWaitTimeoutException timeout) {
      return new ApiException(GrpcStatus.DEADLINE_EXCEEDED, "CONSISTENCY_WAIT_TIMEOUT", timeout.getMessage(),
          timeout.details());
    }
    if (BackendFailures.isUnavailable(failure)) {
      return new ApiException(GrpcStatus.UNAVAILABLE, "BACKEND_UNAVAILABLE", "the read views did not answer");
    }
    return null;
  }
}

package ledger.grpc;

import ledger.domain.Reason;

/** Told about every call refused by a limit, for metrics. Must be cheap and thread-safe. */
@FunctionalInterface
public interface LimitObserver {

  LimitObserver NONE = reason -> { };

  void refused(Reason reason);
}

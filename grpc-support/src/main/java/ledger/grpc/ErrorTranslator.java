package ledger.grpc;

import ledger.domain.LedgerException;

/**
 * Names the failures a service knows besides its own {@link LedgerException}s: typically
 * a backend that did not answer. Returns null for a failure it does not know, which the
 * binding then reports as INTERNAL under a correlation id.
 */
@FunctionalInterface
public interface ErrorTranslator {

  ErrorTranslator NONE = failure -> null;

  LedgerException translate(Throwable failure);
}

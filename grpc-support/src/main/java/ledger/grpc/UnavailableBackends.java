package ledger.grpc;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.net.impl.ConnectionBase;
import ledger.domain.LedgerException;
import ledger.domain.Reason;

/**
 * Turns a failure of a backend that did not answer into BACKEND_UNAVAILABLE: worth a retry by
 * the caller. Told apart by type and error code only, through the whole cause chain: the
 * transport failures every Vert.x client shares (below), and what each storage module says
 * of its own (PostgreSQL by SQLSTATE, Redis by error code).
 */
public final class UnavailableBackends implements ErrorTranslator {

  private final String message;
  private final List<Predicate<Throwable>> unavailable;

  /** {@code message} tells the caller what did not answer and whether a retry is safe. */
  @SafeVarargs
  public UnavailableBackends(String message, Predicate<Throwable>... unavailable) {
    this.message = message;
    this.unavailable = List.of(unavailable);
  }

  @Override
  public LedgerException translate(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      Throwable cause = t;
      if (isTransportFailure(cause) || unavailable.stream().anyMatch(test -> test.test(cause))) {
        return new LedgerException(Reason.BACKEND_UNAVAILABLE, message);
      }
    }
    return null;
  }

  /**
   * Refused or reset connections (IOException), timeouts, a full client pool, and a write on a
   * connection that is already gone (Vert.x fails it with one shared instance, so it is known
   * by identity). Failures a client reports with nothing but a message are named, exactly, by
   * the storage module whose client reports them.
   */
  private static boolean isTransportFailure(Throwable failure) {
    return failure instanceof IOException || failure instanceof TimeoutException
        || failure instanceof ConnectionPoolTooBusyException || failure == ConnectionBase.CLOSED_EXCEPTION;
  }
}

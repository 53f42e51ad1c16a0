package ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.core.net.impl.ConnectionBase;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import org.junit.jupiter.api.Test;

/** A backend that did not answer is BACKEND_UNAVAILABLE, told by type and code through the cause chain. */
class UnavailableBackendsTest {

  private static final String MESSAGE = "the store did not answer";

  private final UnavailableBackends translator = new UnavailableBackends(MESSAGE,
      failure -> failure instanceof IllegalStateException state && "store-specific".equals(state.getMessage()));

  @Test
  void a_refused_connection_a_timeout_and_a_full_pool_are_unavailable() {
    assertUnavailable(new ConnectException("Connection refused"));
    assertUnavailable(new TimeoutException());
    assertUnavailable(new ConnectionPoolTooBusyException("Connection pool reached max wait queue size of 24"));
  }

  @Test
  void a_write_on_a_connection_that_is_already_gone_is_unavailable() {
    assertUnavailable(ConnectionBase.CLOSED_EXCEPTION);
  }

  @Test
  void what_a_storage_module_names_is_unavailable_however_deep_in_the_cause_chain() {
    assertUnavailable(new VertxException("outer", new RuntimeException("middle", new IllegalStateException("store-specific"))));
  }

  @Test
  void anything_else_is_not_a_backend_failure_and_is_left_to_become_internal() {
    assertThat(translator.translate(new IllegalStateException("a bug"))).isNull();
    assertThat(translator.translate(new VertxException("a bug with a message that says Connection was closed")))
        .isNull();
    assertThat(translator.translate(new NoStackTraceThrowable("Timeout"))).isNull();
  }

  private void assertUnavailable(Throwable failure) {
    LedgerException translated = translator.translate(failure);
    assertThat(translated).as("%s", failure).isNotNull();
    assertThat(translated.reason()).isEqualTo(Reason.BACKEND_UNAVAILABLE);
    assertThat(translated.getMessage()).isEqualTo(MESSAGE);
  }
}

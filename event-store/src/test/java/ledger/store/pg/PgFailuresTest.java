package ledger.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which PostgreSQL failures mean "did not answer, retry": by exception type and SQLSTATE, never by message. */
class PgFailuresTest {

  @Test
  void a_connection_lost_with_a_request_in_flight_is_unavailable() {
    assertThat(PgFailures.isUnavailable(ClosedConnectionException.INSTANCE)).isTrue();
  }

  @ParameterizedTest(name = "SQLSTATE {0} ({1}): unavailable {2}")
  @CsvSource({
      "08006, connection failure, true",
      "08001, cannot connect now, true",
      "53300, too many connections, true",
      "57P01, admin shutdown, true",
      "57P03, cannot connect now (starting up), true",
      "23505, unique violation: a conflict and not an outage, false",
      "40P01, deadlock detected, false",
      "42601, syntax error (a bug), false",
      "57014, query canceled (statement timeout), false"})
  void a_database_error_is_unavailable_by_its_sqlstate_class(String sqlState, String meaning, boolean unavailable) {
    PgException error = new PgException("connection lost, or so the message may claim", "ERROR", sqlState, meaning);

    assertThat(PgFailures.isUnavailable(error)).isEqualTo(unavailable);
  }
}

package ledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ResumptionTest {

  @ParameterizedTest(name = "{0} {1}: resumed")
  @CsvSource(nullValues = "-", value = {
      "UNAVAILABLE, -",                    // the connection was lost
      "UNAVAILABLE, SHUTTING_DOWN",        // the server is stopping
      "UNAVAILABLE, BACKEND_UNAVAILABLE",
      "UNAVAILABLE, VIEW_DEGRADED",
      "RESOURCE_EXHAUSTED, STREAM_TOO_SLOW", // the client fell too far behind
      "DEADLINE_EXCEEDED, -",              // a token wait ran out
      "OK, -",                             // a balance stream never ends by itself
      "CANCELLED, -",                      // the server reset a slow stream whose STREAM_TOO_SLOW could not leave
  })
  void a_lost_connection_a_stopping_server_a_slow_client_or_an_early_end_is_resumed(Status.Code code, String reason) {
    assertThat(Resumption.resumable(code, reason)).isTrue();
  }

  @ParameterizedTest(name = "{0} {1}: stops")
  @CsvSource(nullValues = "-", value = {
      "NOT_FOUND, ACCOUNT_NOT_FOUND",
      "PERMISSION_DENIED, ACCOUNT_NOT_ALLOWED",
      "PERMISSION_DENIED, MISSING_SCOPE",
      "UNAUTHENTICATED, TOKEN_EXPIRED",
      "UNAUTHENTICATED, -",
      "INVALID_ARGUMENT, INVALID_VERSION",
      "INVALID_ARGUMENT, INVALID_TOKEN",
      "RESOURCE_EXHAUSTED, TOO_MANY_STREAMS", // asking again would only add one more
      "RESOURCE_EXHAUSTED, RATE_LIMITED",
      "RESOURCE_EXHAUSTED, -",
      "FAILED_PRECONDITION, -",
      "INTERNAL, -",
      "UNIMPLEMENTED, -",
      "UNKNOWN, -",
  })
  void a_request_or_caller_the_server_refuses_stops_the_watch(Status.Code code, String reason) {
    assertThat(Resumption.resumable(code, reason)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Status.Code.class)
  void only_stream_too_slow_makes_resource_exhausted_resumable_and_no_reason_stops_an_unavailable(Status.Code code) {
    assertThat(Resumption.resumable(code, Resumption.STREAM_TOO_SLOW))
        .isEqualTo(Resumption.resumable(code, null) || code == Status.Code.RESOURCE_EXHAUSTED);
  }
}

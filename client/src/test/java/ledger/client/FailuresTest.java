package ledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailuresTest {

  /** An error as the ledger sends it: a google.rpc.Status with ErrorInfo (and RetryInfo) in the trailer. */
  static StatusRuntimeException answer(Status.Code code, String reason, Map<String, String> metadata, Duration retry) {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setCode(code.value())
        .setMessage("the server's words").addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason)
            .setDomain("ledger.v1").putAllMetadata(metadata).build()));
    if (retry != null) {
      status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
          .setSeconds(retry.getSeconds()).setNanos(retry.getNano())).build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  @ParameterizedTest
  @CsvSource({
      "FAILED_PRECONDITION, INSUFFICIENT_FUNDS, InsufficientFundsException",
      "NOT_FOUND, ACCOUNT_NOT_FOUND, AccountNotFoundException",
      "ALREADY_EXISTS, ACCOUNT_ALREADY_EXISTS, AccountAlreadyExistsException",
      "FAILED_PRECONDITION, ACCOUNT_FROZEN, AccountFrozenException",
      "FAILED_PRECONDITION, ACCOUNT_CLOSED, AccountClosedException",
      "INVALID_ARGUMENT, COMMAND_ID_REUSED, CommandIdReusedException",
      "ABORTED, VERSION_MISMATCH, VersionMismatchException",
      "FAILED_PRECONDITION, CURRENCY_MISMATCH, GenericLedgerException",
      "INVALID_ARGUMENT, INVALID_AMOUNT, GenericLedgerException",
      "UNAVAILABLE, VIEW_DEGRADED, GenericLedgerException",
  })
  void each_reason_becomes_its_exception_with_code_reason_metadata_and_message(Status.Code code, String reason,
      String type) {
    LedgerException e = Failures.toException(answer(code, reason, Map.of("account_id", "acc-1"), null));

    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.accountId()).isEqualTo("acc-1");
    assertThat(e.getMessage()).isEqualTo("the server's words");
    assertThat(e.retryDelay()).isEmpty();
  }

  @Test
  void insufficient_funds_carries_the_balance_and_what_was_available() {
    InsufficientFundsException e = (InsufficientFundsException) Failures.toException(answer(
        Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_FUNDS", Map.of("account_id", "a", "balance_minor", "500",
            "overdraft_limit_minor", "100", "available_minor", "600", "amount_minor", "700"), null));

    assertThat(e.balanceMinor()).isEqualTo(500);
    assertThat(e.availableMinor()).isEqualTo(600);
    assertThat(e.overdraftLimitMinor()).isEqualTo(100);
    assertThat(e.requestedMinor()).isEqualTo(700);
  }

  @Test
  void version_mismatch_carries_both_versions() {
    VersionMismatchException e = (VersionMismatchException) Failures.toException(answer(Status.Code.ABORTED,
        "VERSION_MISMATCH", Map.of("account_id", "a", "expected_version", "3", "actual_version", "5"), null));

    assertThat(e.expectedVersion()).isEqualTo(3);
    assertThat(e.actualVersion()).isEqualTo(5);
  }

  @Test
  void an_error_without_details_is_generic_with_an_empty_reason() {
    LedgerException e = Failures.toException(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());

    assertThat(e).isInstanceOf(GenericLedgerException.class);
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.reason()).isEmpty();
    assertThat(e.metadata()).isEmpty();
  }

  @Test
  void unavailable_and_deadline_exceeded_are_retried_whatever_their_reason() {
    assertThat(retryable(answer(Status.Code.UNAVAILABLE, "SHUTTING_DOWN", Map.of(), null))).isTrue();
    assertThat(retryable(Status.UNAVAILABLE.asRuntimeException())).isTrue();
    assertThat(retryable(Status.DEADLINE_EXCEEDED.asRuntimeException())).isTrue();
    assertThat(retryable(answer(Status.Code.DEADLINE_EXCEEDED, "CONSISTENCY_WAIT_TIMEOUT", Map.of(), null))).isTrue();
  }

  @Test
  void resource_exhausted_is_retried_only_for_a_rate_or_queue_limit_with_a_retry_hint() {
    assertThat(retryable(answer(Status.Code.RESOURCE_EXHAUSTED, "RATE_LIMITED", Map.of(), Duration.ofMillis(50)))).isTrue();
    assertThat(retryable(answer(Status.Code.RESOURCE_EXHAUSTED, "APPEND_QUEUE_FULL", Map.of(), Duration.ofMillis(5))))
        .isTrue();
    assertThat(retryable(answer(Status.Code.RESOURCE_EXHAUSTED, "RATE_LIMITED", Map.of(), null))).isFalse();
    assertThat(retryable(answer(Status.Code.RESOURCE_EXHAUSTED, "MESSAGE_TOO_LARGE", Map.of(), Duration.ofMillis(5))))
        .isFalse();
    assertThat(retryable(answer(Status.Code.RESOURCE_EXHAUSTED, "TOO_MANY_STREAMS", Map.of(), Duration.ofMillis(5))))
        .isFalse();
  }

  @Test
  void refusals_are_never_retried() {
    assertThat(retryable(answer(Status.Code.INVALID_ARGUMENT, "COMMAND_ID_REUSED", Map.of(), null))).isFalse();
    assertThat(retryable(answer(Status.Code.FAILED_PRECONDITION, "INSUFFICIENT_FUNDS", Map.of(), null))).isFalse();
    assertThat(retryable(answer(Status.Code.ABORTED, "CONCURRENCY_CONFLICT", Map.of(), null))).isFalse();
    assertThat(retryable(answer(Status.Code.UNAUTHENTICATED, "TOKEN_EXPIRED", Map.of(), null))).isFalse();
    assertThat(retryable(Status.INTERNAL.asRuntimeException())).isFalse();
  }

  @Test
  void the_retry_delay_is_read_from_retry_info() {
    LedgerException e = Failures.toException(answer(Status.Code.RESOURCE_EXHAUSTED, "RATE_LIMITED", Map.of(),
        Duration.ofMillis(1_250)));

    assertThat(e.retryDelay()).contains(Duration.ofMillis(1_250));
  }

  private static boolean retryable(StatusRuntimeException e) {
    return Failures.retryable(e.getStatus().getCode(), Failures.details(e));
  }
}

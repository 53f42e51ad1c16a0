package ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.vertx.core.MultiMap;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.domain.Rejection;
import org.junit.jupiter.api.Test;

/** A refusal that knows when to retry carries a google.rpc.RetryInfo beside its ErrorInfo; others do not. */
class ErrorDetailsRetryTest {

  @Test
  void a_retry_delay_travels_as_retry_info_after_the_error_info() throws Exception {
    LedgerException limited = new LedgerException(new Rejection(Reason.RATE_LIMITED, "slow down",
        Map.of("retry_after_ms", "1250")), Duration.ofMillis(1250));

    Status status = ErrorDetails.toStatus(limited);

    assertThat(status.getDetailsCount()).isEqualTo(2);
    assertThat(status.getDetails(0).unpack(ErrorInfo.class).getReason()).isEqualTo("RATE_LIMITED");
    com.google.protobuf.Duration delay = status.getDetails(1).unpack(RetryInfo.class).getRetryDelay();
    assertThat(delay.getSeconds()).isEqualTo(1);
    assertThat(delay.getNanos()).isEqualTo(250_000_000);
    MultiMap trailers = MultiMap.caseInsensitiveMultiMap().set(ErrorDetails.TRAILER, ErrorDetails.encode(limited));
    assertThat(ErrorDetails.retryDelay(trailers, null)).isEqualTo(Duration.ofMillis(1250));
  }

  @Test
  void a_refusal_without_a_delay_has_no_retry_info() {
    LedgerException full = new LedgerException(Reason.APPEND_QUEUE_FULL, "full");

    assertThat(ErrorDetails.toStatus(full).getDetailsCount()).isEqualTo(1);
    MultiMap trailers = MultiMap.caseInsensitiveMultiMap().set(ErrorDetails.TRAILER, ErrorDetails.encode(full));
    assertThat(ErrorDetails.retryDelay(trailers, null)).isNull();
  }
}

package ledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

/** What a stream's ending says, read the way a server sends it: grpc-status-details-bin. */
class EndingTest {

  @Test
  void a_slow_clients_ending_carries_its_reason_resume_version_and_retry_delay_and_is_resumable() {
    Ending ending = Ending.of(failure(Code.RESOURCE_EXHAUSTED, "too slow", "STREAM_TOO_SLOW", 1_500));

    assertThat(ending.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(ending.reason()).isEqualTo("STREAM_TOO_SLOW");
    assertThat(ending.metadata()).containsEntry("resume_from_version", "42");
    assertThat(ending.retryDelay()).isEqualTo(Duration.ofMillis(1_500));
    assertThat(ending.resumable()).isTrue();
    assertThat(ending).hasToString("RESOURCE_EXHAUSTED STREAM_TOO_SLOW: too slow");
  }

  @Test
  void another_resource_limit_stops_and_a_status_without_details_is_read_by_its_code() {
    assertThat(Ending.of(failure(Code.RESOURCE_EXHAUSTED, "too many", "TOO_MANY_STREAMS", 0)).resumable()).isFalse();

    Ending bare = Ending.of(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException());
    assertThat(bare.reason()).isNull();
    assertThat(bare.retryDelay()).isNull();
    assertThat(bare.metadata()).isEmpty();
    assertThat(bare.resumable()).isTrue();
    assertThat(bare).hasToString("UNAVAILABLE: io exception");
  }

  @Test
  void details_that_carry_another_code_than_the_status_are_ignored_instead_of_breaking_the_ending() {
    // A proxy may rewrite the status code and keep the server's details: grpc-java's StatusProto then throws.
    com.google.rpc.Status details = StatusProto.fromThrowable(
        failure(Code.RESOURCE_EXHAUSTED, "too slow", "STREAM_TOO_SLOW", 1_000));
    Metadata trailers = new Metadata();
    trailers.put(DETAILS, details);
    StatusRuntimeException rewritten = Status.UNAVAILABLE.withDescription("proxy").asRuntimeException(trailers);

    Ending ending = Ending.of(rewritten);

    assertThat(ending.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(ending.reason()).isNull();
    assertThat(ending.retryDelay()).isNull();
    assertThat(ending.metadata()).isEmpty();
    assertThat(ending.resumable()).as("the status code still decides").isTrue();
  }

  private static final Metadata.Key<com.google.rpc.Status> DETAILS =
      Metadata.Key.of("grpc-status-details-bin", ProtoUtils.metadataMarshaller(com.google.rpc.Status.getDefaultInstance()));

  private static StatusRuntimeException failure(Code code, String message, String reason, long retryMillis) {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setCode(code.getNumber())
        .setMessage(message)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("ledger")
            .putMetadata("resume_from_version", "42").build()));
    if (retryMillis > 0) {
      status.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
          .setSeconds(retryMillis / 1000).setNanos((int) (retryMillis % 1000) * 1_000_000)).build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}

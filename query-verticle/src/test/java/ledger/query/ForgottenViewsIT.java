package ledger.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import ledger.readmodel.FeedMessage;
import ledger.testkit.GrpcJava;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the projection forgets views built from another database (PostgreSQL replaced while
 * Redis was kept), what an open stream has sent may not exist in this database: it ends, and
 * the caller opens it again on the new history, instead of skipping the new versions it thinks
 * it has seen.
 */
class ForgottenViewsIT {

  private static final Duration SETTLE = Duration.ofSeconds(20);

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(10));

  @Test
  void an_open_stream_ends_unavailable_when_the_views_are_forgotten() {
    bed.writer().open("forgotten-1", "USD", 0);
    bed.projection().project();
    ManagedChannel channel = GrpcJava.channel(bed.node().port());
    try {
      WatchedStream stream = WatchedStream.start(channel, "forgotten-1");
      stream.awaitVersion(1, SETTLE);

      bed.projection().announce(FeedMessage.FORGOTTEN);

      Throwable end = stream.awaitEnd(SETTLE);
      assertThat(end).isInstanceOfSatisfying(StatusRuntimeException.class,
          e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(GrpcJava.errorInfo((StatusRuntimeException) end).getReason()).isEqualTo("BACKEND_UNAVAILABLE");
    } finally {
      GrpcJava.close(channel);
    }
  }
}

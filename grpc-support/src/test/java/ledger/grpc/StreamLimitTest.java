package ledger.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import ledger.domain.LedgerException;
import ledger.domain.Reason;
import org.junit.jupiter.api.Test;

class StreamLimitTest {

  private final StreamLimit limit = new StreamLimit(2);
  private final Caller alice = new Caller("alice", "10.0.0.1");
  private final Caller bob = new Caller("bob", "10.0.0.1");

  @Test
  void one_stream_past_the_limit_is_refused_and_counts_nothing() {
    assertThat(limit.tryOpen(alice)).isNull();
    assertThat(limit.tryOpen(alice)).isNull();

    LedgerException refused = limit.tryOpen(alice);

    assertThat(refused.reason()).isEqualTo(Reason.TOO_MANY_STREAMS);
    assertThat(refused.rejection().details()).containsEntry("limit", "2");
    assertThat(limit.openBy(alice)).isEqualTo(2);
    assertThat(limit.tryOpen(bob)).as("another caller").isNull();
  }

  @Test
  void an_ended_stream_gives_its_place_back_and_a_caller_with_none_open_is_forgotten() {
    limit.tryOpen(alice);
    limit.tryOpen(alice);
    limit.tryOpen(bob);

    limit.release(alice);
    assertThat(limit.tryOpen(alice)).isNull();
    limit.release(alice);
    limit.release(alice);
    limit.release(bob);

    assertThat(limit.openBy(alice)).isZero();
    assertThat(limit.callers()).isZero();
  }
}

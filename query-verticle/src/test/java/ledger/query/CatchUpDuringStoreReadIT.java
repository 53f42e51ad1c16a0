package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.grpc.ManagedChannel;
import io.vertx.core.Vertx;
import ledger.testkit.GrpcJava;
import ledger.testkit.TcpRelay;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: a balance stream asked to catch up (its feed was interrupted) while a read of
 * the event store was in flight let that read's end answer the request, although the read
 * had begun before the change the request was about: the change never reached the stream.
 * The node reaches PostgreSQL through a relay that holds the answer of one stream's read,
 * so the read has taken its snapshot and the stream has not heard from it yet.
 */
class CatchUpDuringStoreReadIT {

  private static final Duration SETTLE = Duration.ofSeconds(20);

  private static final Vertx RELAY_VERTX = Vertx.vertx();
  private static final TcpRelay POSTGRES = TcpRelay.to(RELAY_VERTX, "127.0.0.1",
      TestInfra.pgOptions("postgres").getPort());

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(10))
      .withNodePostgresPort(POSTGRES.port());

  @AfterAll
  static void closeRelay() {
    POSTGRES.close();
    await(RELAY_VERTX.close());
  }

  @Test
  void a_catch_up_asked_while_a_store_read_is_in_flight_reads_again_after_it() {
    String held = "held-read";
    String probe = "probe-read";
    bed.writer().open(held, "USD", 0);
    bed.writer().open(probe, "USD", 0);
    bed.projection().project();
    ManagedChannel channel = GrpcJava.channel(bed.node().port());
    try {
      WatchedStream stream = WatchedStream.start(channel, held);
      stream.awaitVersion(1, SETTLE);

      POSTGRES.holdRepliesTo(data -> data.toString(StandardCharsets.UTF_8).contains(held));
      dropTheFeed();
      until("the stream's catch-up read has run and its answer is held", SETTLE, POSTGRES::holdsAConnection,
          holds -> holds);
      // Opened now, so that its only store read is the catch-up below.
      WatchedStream probing = WatchedStream.start(channel, probe);
      probing.awaitVersion(1, SETTLE);

      bed.writer().deposit(held, 100, "after the in-flight read began");
      bed.writer().deposit(probe, 100, "the probe's change");
      bed.projection().projectQuietly();
      dropTheFeed();
      // Both streams live on the one connection's event loop, which takes the two catch-ups in
      // the order the feed gave them; the probe hears its change only after a store round trip.
      probing.awaitVersion(2, SETTLE);
      POSTGRES.release();

      stream.awaitVersion(2, SETTLE);
      assertThat(stream.versions()).containsExactly(1L, 2L);
      assertThat(probing.versions()).containsExactly(1L, 2L);
    } finally {
      POSTGRES.release();
      GrpcJava.close(channel);
    }
  }

  private static void dropTheFeed() {
    assertThat(bed.redis().killSubscribers()).as("feed connections killed").isEqualTo(1);
    until("the query role resubscribed", SETTLE, bed::feedSubscribers, n -> n == 1);
  }
}

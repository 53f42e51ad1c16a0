package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.LongStream;

import io.vertx.core.Future;
import ledger.query.StreamBounds;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Balance streams under a concurrent deposit load while some of their clients stop reading for a
 * while: those are ended STREAM_TOO_SLOW (or reset, when they do not read again in time) and resume
 * from their last version + 1; every reader, ended or not, sees every version of its account exactly
 * once, in order, and the readers that keep up are never ended.
 */
class SlowStreamsUnderLoadIT {

  private static final int ACCOUNTS = 8;
  private static final int DEPOSITS = 150;
  private static final Duration PAUSE = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withOperations(config.operations()
      .withStreams(new StreamBounds(20, Duration.ofMillis(300)))));

  private final StreamMetrics metrics = new StreamMetrics(fixture);

  @Test
  void readers_that_stop_for_a_while_are_ended_and_resume_and_every_reader_sees_every_version_once() {
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    List<PausingReader> readers = new ArrayList<>();
    try {
      for (int a = 0; a < ACCOUNTS; a++) {
        String account = "busy-" + a;
        await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
            .setCommandId(account + "-open").setAccountId(account).setCurrency("USD").build()));
        // Each account: one reader that keeps up, one that stops for PAUSE once changes flow.
        readers.add(new PausingReader(fixture.grpcPort, account, Duration.ZERO, 0, clock));
        readers.add(new PausingReader(fixture.grpcPort, account, PAUSE, 10, clock));
      }
      readers.forEach(PausingReader::open);
      List<Future<Void>> chains = new ArrayList<>();
      for (int a = 0; a < ACCOUNTS; a++) {
        chains.add(depositInTurn("busy-" + a, 1));
      }
      await(Future.all(chains), WAIT);
      long last = DEPOSITS + 1;
      for (PausingReader reader : readers) {
        try {
          until(reader.account() + " reaches version " + last, WAIT, reader::lastVersion, v -> v >= last);
        } catch (AssertionError stuck) {
          readers.forEach(r -> System.out.printf("SlowStreamsUnderLoadIT: %s %s at %d, endings %s%n", r.account(),
              r.pauses() ? "pausing" : "keeping up", r.lastVersion(), r.endings()));
          System.out.printf("SlowStreamsUnderLoadIT: open %d, queued %d, closing %d%n", metrics.open(),
              metrics.queued(), metrics.closing());
          throw stuck;
        }
      }
      readers.forEach(reader -> System.out.printf("SlowStreamsUnderLoadIT: %s %s endings %s%n", reader.account(),
          reader.pauses() ? "pausing" : "keeping up", reader.endings()));
      System.out.printf("SlowStreamsUnderLoadIT: STREAM_TOO_SLOW delivered %d, undelivered %d%n",
          metrics.tooSlow("delivered"), metrics.tooSlow("undelivered"));
      List<Long> every = LongStream.rangeClosed(1, last).boxed().toList();
      SoftAssertions.assertSoftly(softly -> {
        for (PausingReader reader : readers) {
          String who = reader.account() + (reader.pauses() ? " (pausing)" : " (keeping up)");
          softly.assertThat(reader.versions()).as(who).containsExactlyElementsOf(every);
          if (reader.pauses()) {
            softly.assertThat(reader.endings().keySet()).as(who + " was ended while it did not read")
                .containsAnyOf("RESOURCE_EXHAUSTED STREAM_TOO_SLOW", "CANCELLED");
          } else {
            softly.assertThat(reader.endings()).as(who + " was never ended").isEmpty();
          }
        }
      });
      until("no stream holds a change", WAIT, metrics::queued, n -> n == 0);
    } finally {
      readers.forEach(PausingReader::close);
      clock.shutdownNow();
    }
  }

  /** Deposits into one account one after another, from the {@code n}th on. */
  private static Future<Void> depositInTurn(String account, int n) {
    if (n > DEPOSITS) {
      return Future.succeededFuture();
    }
    return fixture.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
            .setCommandId(account + "-dep-" + n).setAccountId(account).setAmountMinor(n).setCurrency("USD").build())
        .compose(done -> depositInTurn(account, n + 1));
  }
}

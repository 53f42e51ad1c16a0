package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import ledger.grpc.StreamSink;
import ledger.query.StreamBounds;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --stream-stall-timeout-ms: a StreamBalance client that stops reading for good, with a change waiting
 * for it, is ended STREAM_TOO_SLOW after the stall timeout even though its queue is far from full; its
 * status cannot pass the data it has not read, so after the timeout again the server resets the stream
 * (RST_STREAM CANCEL) and holds nothing for it. Resumed from its last version + 1 it misses nothing.
 */
class StalledStreamIT {

  private static final Duration STALL = Duration.ofSeconds(1);
  /** Enough changes to fill a {@link PausedWatcher}'s window and Vert.x's 16 writes, with some left waiting. */
  private static final int DEPOSITS = 120;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withOperations(config.operations()
      .withStreams(new StreamBounds(1_000, STALL))));

  private final StreamMetrics metrics = new StreamMetrics(fixture);

  @Test
  void a_client_that_never_reads_again_is_ended_after_the_stall_timeout_and_reset_when_its_status_cannot_leave() {
    open("stalled");
    List<Long> received;
    ServerLog log = ServerLog.capture();
    try (PausedWatcher paused = PausedWatcher.start(fixture.grpcPort, "stalled")) {
      for (int n = 1; n <= DEPOSITS; n++) {
        deposit("stalled", n);
      }
      // The counter, unlike the closing gauge (1 for one stall timeout only), cannot be missed by a late scrape.
      until("its status, stuck behind unread data, is given up and the stream reset", WAIT,
          () -> metrics.tooSlow("undelivered"), n -> n == 1);
      assertThat(metrics.tooSlow("delivered")).isZero();
      assertThat(metrics.closing()).as("streams whose status waits").isZero();
      assertThat(metrics.open()).as("open streams once it was ended").isZero();
      assertThat(metrics.queued()).as("changes queued once it was ended").isZero();

      // When, by the server's own clock: the call's end (its DEBUG line, with how long it lasted) and the reset.
      ILoggingEvent end = log.await("the server logs the call's end STREAM_TOO_SLOW", WAIT,
          event -> event.getLoggerName().equals("ledger.grpc.CallLog") && "STREAM_TOO_SLOW".equals(log.value(event,
              "reason")));
      ILoggingEvent reset = log.await("the server logs the reset", WAIT,
          event -> event.getLoggerName().equals(StreamSink.class.getName())
              && event.getFormattedMessage().endsWith("stream reset"));
      long lasted = Long.parseLong(log.value(end, "duration_ms"));
      long resetAfter = reset.getTimeStamp() - end.getTimeStamp();
      System.out.printf("StalledStreamIT: the server ended the stream %d ms after it began and reset it %d ms later "
          + "(stall timeout %d ms)%n", lasted, resetAfter, STALL.toMillis());
      assertThat(lasted).as("ms the call lasted: the client stalled for one timeout first")
          .isGreaterThanOrEqualTo(STALL.toMillis());
      // Timestamps in whole ms of the wall clock, the timer on the monotonic one: a few ms of slack.
      assertThat(resetAfter).as("ms from the end to the reset").isGreaterThanOrEqualTo(STALL.toMillis() - 5);
      assertThat(log.matching(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))).as("errors logged").isEmpty();

      // What the client's transport got before the reset is still read; then the reset: CANCELLED.
      paused.readAll();
      until("the client sees its stream end", WAIT, paused.ended::get, ended -> ended != null);
      System.out.printf("StalledStreamIT: the client saw %s after %d updates%n", paused.status(),
          paused.updates.size());
      assertThat(paused.status().getCode()).isEqualTo(Status.Code.CANCELLED);
      received = new ArrayList<>(paused.updates.stream().map(u -> u.getBalance().getVersion()).toList());
      assertThat(received).containsExactlyElementsOf(LongStream.rangeClosed(1, received.size()).boxed().toList());
      assertThat(received.size()).as("updates the client got").isLessThan(DEPOSITS + 1);
    } finally {
      log.close();
    }

    List<BalanceUpdate> resumed = new CopyOnWriteArrayList<>();
    QueryServiceGrpc.newStub(fixture.channel).streamBalance(StreamBalanceRequest.newBuilder().setAccountId("stalled")
        .setFromVersion(received.get(received.size() - 1) + 1).build(), new StreamObserver<>() {
          @Override
          public void onNext(BalanceUpdate update) {
            resumed.add(update);
          }

          @Override
          public void onError(Throwable t) {
          }

          @Override
          public void onCompleted() {
          }
        });
    until("the resumed stream reaches the last deposit", WAIT, () -> received.size() + resumed.size(),
        n -> n >= DEPOSITS + 1);
    received.addAll(resumed.stream().map(u -> u.getBalance().getVersion()).toList());
    assertThat(received).containsExactlyElementsOf(LongStream.rangeClosed(1, DEPOSITS + 1).boxed().toList());
  }

  private static void open(String account) {
    await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId(account + "-open").setAccountId(account).setCurrency("USD").build()));
  }

  private static void deposit(String account, long n) {
    await(fixture.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId(account + "-dep-" + n).setAccountId(account).setAmountMinor(1).setCurrency("USD").build()));
  }
}

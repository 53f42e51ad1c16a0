package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
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
    try (PausedWatcher paused = PausedWatcher.start(fixture.grpcPort, "stalled")) {
      for (int n = 1; n <= DEPOSITS; n++) {
        deposit("stalled", n);
      }
      long deposited = System.nanoTime();
      until("the stalled stream is ended", WAIT, metrics::closing, n -> n == 1);
      long endedAfter = (System.nanoTime() - deposited) / 1_000_000;
      assertThat(metrics.open()).as("open streams once it was ended").isZero();
      assertThat(metrics.queued()).as("changes queued once it was ended").isZero();
      until("its status, stuck behind unread data, is given up and the stream reset", WAIT,
          () -> metrics.tooSlow("undelivered"), n -> n == 1);
      long resetAfter = (System.nanoTime() - deposited) / 1_000_000;
      assertThat(metrics.closing()).isZero();
      assertThat(metrics.tooSlow("delivered")).isZero();
      System.out.printf("StalledStreamIT: ended %d ms and reset %d ms after the last deposit (stall timeout %d ms)%n",
          endedAfter, resetAfter, STALL.toMillis());
      assertThat(resetAfter - endedAfter).as("ms from the end to the reset").isGreaterThanOrEqualTo(
          STALL.toMillis() - 100);

      // What the client's transport got before the reset is still read; then the reset: CANCELLED.
      paused.readAll();
      until("the client sees its stream end", WAIT, paused.ended::get, ended -> ended != null);
      System.out.printf("StalledStreamIT: the client saw %s after %d updates%n", paused.status(),
          paused.updates.size());
      assertThat(paused.status().getCode()).isEqualTo(Status.Code.CANCELLED);
      received = new ArrayList<>(paused.updates.stream().map(u -> u.getBalance().getVersion()).toList());
      assertThat(received).containsExactlyElementsOf(LongStream.rangeClosed(1, received.size()).boxed().toList());
      assertThat(received.size()).as("updates the client got").isLessThan(DEPOSITS + 1);
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

package ledger.app;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import ledger.app.client.RecordingListener;
import ledger.client.BalanceListener;
import ledger.client.BalanceWatch;
import ledger.client.Ending;
import ledger.query.StreamBounds;
import ledger.testkit.GrpcJava;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * BalanceWatch against a slow listener: the server ends the stream RESOURCE_EXHAUSTED STREAM_TOO_SLOW
 * (a 1 KiB client window, --stream-queue-max 20), and the watch waits the server's RetryInfo, resumes
 * from its last version + 1, and delivers every version once, in order.
 */
class SlowBalanceWatchIT {

  private static final int QUEUE_MAX = 20;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withOperations(config.operations()
      .withStreams(new StreamBounds(QUEUE_MAX, Duration.ofSeconds(60)))));

  private final StreamMetrics metrics = new StreamMetrics(fixture);

  @Test
  void a_watch_ended_stream_too_slow_resumes_after_the_retry_delay_missing_and_repeating_nothing() throws Exception {
    CommandServiceGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(WAIT).openAccount(OpenAccountRequest
        .newBuilder().setCommandId("open").setAccountId("slow").setCurrency("EUR").build());
    ManagedChannel small = NettyChannelBuilder.forAddress("127.0.0.1", fixture.grpcPort).usePlaintext()
        .flowControlWindow(1024).build();
    CountDownLatch release = new CountDownLatch(1);
    RecordingListener heard = new RecordingListener();
    List<Duration> waits = new CopyOnWriteArrayList<>();
    BalanceListener slow = new BalanceListener() {
      @Override
      public void onUpdate(BalanceUpdate update) {
        heard.onUpdate(update);
        if (update.getBalance().getVersion() == 2) {
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }

      @Override
      public void onDisconnected(int attempt, Ending ending, Duration retryIn) {
        waits.add(retryIn);
        heard.onDisconnected(attempt, ending, retryIn);
      }

      @Override
      public void onResumed(int attempt, StreamBalanceRequest request) {
        heard.onResumed(attempt, request);
      }

      @Override
      public void onError(Ending ending) {
        heard.onError(ending);
      }
    };
    long deliveredBefore = metrics.tooSlow("delivered");
    try (BalanceWatch watch = BalanceWatch.of(small, "slow").start(slow)) {
      until("the first message", WAIT, heard::versions, v -> !v.isEmpty());
      long deposits = 0;
      while (metrics.closing() == 0 && metrics.tooSlow("delivered") == deliveredBefore) {
        assertThat(deposits).isLessThan(2_000);
        for (int i = 0; i < 10; i++) {
          deposit(++deposits);
        }
      }
      release.countDown();
      until("a disconnect", WAIT, heard::disconnects, d -> !d.isEmpty());
      for (int i = 0; i < 5; i++) {
        deposit(++deposits);
      }
      long last = deposits + 1;
      until("the last version " + last, WAIT, heard::lastVersion, v -> v == last);
      System.out.printf("SlowBalanceWatchIT: %d deposits, endings %s, waits %s, resumes %s%n", deposits,
          heard.endings(), waits, heard.resumedFromAgainstLastSeen());
      assertThat(heard.versions()).containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
      assertThat(heard.endings()).containsKey("RESOURCE_EXHAUSTED STREAM_TOO_SLOW");
      assertThat(waits.get(0)).as("the server's RetryInfo honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(heard.error()).isNull();
    } finally {
      GrpcJava.close(small);
    }
  }

  private static void deposit(long n) {
    CommandServiceGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(WAIT).deposit(DepositRequest.newBuilder()
        .setCommandId("dep-" + n).setAccountId("slow").setAmountMinor(n).setCurrency("EUR").build());
  }
}

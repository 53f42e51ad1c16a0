package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import com.google.rpc.ErrorInfo;
import io.grpc.Context;
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
 * --stream-queue-max: a StreamBalance client that stops reading (grpc-java, manual flow control) holds
 * at most that many changes in the server; one more ends its stream RESOURCE_EXHAUSTED STREAM_TOO_SLOW,
 * whose status reaches it once it reads again, after every change written before it; resumed from its
 * last version + 1 it misses and repeats nothing. A client reading beside it on the same account is
 * never ended.
 */
class SlowStreamIT {

  private static final int QUEUE_MAX = 50;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withOperations(config.operations()
      .withStreams(new StreamBounds(QUEUE_MAX, Duration.ofSeconds(60)))));

  private final StreamMetrics metrics = new StreamMetrics(fixture);

  @Test
  void a_client_that_stops_reading_is_ended_stream_too_slow_and_resumes_missing_and_repeating_nothing() {
    open("slow");
    Reader reading = Reader.from(StreamBalanceRequest.newBuilder().setAccountId("slow").build());
    List<Long> queuedSeen = new ArrayList<>();
    long deposits = 0;
    long deliveredBefore = metrics.tooSlow("delivered");
    until("no other stream's status waiting", WAIT, metrics::closing, n -> n == 0);
    try (PausedWatcher paused = PausedWatcher.start(fixture.grpcPort, "slow")) {
      // Deposits until the paused stream is ended: its window fills, then Vert.x's 16 writes, then the queue.
      while (metrics.closing() == 0 && metrics.tooSlow("delivered") == deliveredBefore) {
        assertThat(deposits).as("deposits before the paused stream was ended").isLessThan(2_000);
        for (int i = 0; i < 10; i++) {
          deposit("slow", ++deposits);
        }
        queuedSeen.add(metrics.queued());
      }
      long versionAtEnd = deposits + 1;
      System.out.printf("SlowStreamIT: ended after %d deposits; queued changes seen %s%n", deposits, queuedSeen);
      assertThat(queuedSeen).as("changes queued in the server, sampled every 10 deposits")
          .allSatisfy(queued -> assertThat(queued).isLessThanOrEqualTo(QUEUE_MAX));
      assertThat(deposits).as("more than --stream-queue-max changes waited").isGreaterThan(QUEUE_MAX);
      assertThat(metrics.queued()).as("queued once the stream ended").isZero();
      assertThat(metrics.open()).as("open streams: only the reading one").isEqualTo(1);
      assertThat(paused.ended.get()).as("a client not reading has not seen the end yet").isNull();

      paused.readAll();
      until("the paused client sees its stream end", WAIT, paused.ended::get, ended -> ended != null);
      assertThat(paused.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      ErrorInfo info = paused.errorInfo();
      assertThat(info.getReason()).isEqualTo("STREAM_TOO_SLOW");
      assertThat(info.getMetadataMap()).containsEntry("resume_from_version", Long.toString(paused.lastVersion() + 1));
      assertThat(paused.retryInfo().getRetryDelay().getSeconds()).isEqualTo(1);
      assertThat(versions(paused.updates)).as("what the paused client received")
          .containsExactlyElementsOf(range(1, paused.lastVersion()));
      assertThat(paused.lastVersion()).isLessThan(versionAtEnd);
      until("the status left the server", WAIT, () -> metrics.tooSlow("delivered"), n -> n == deliveredBefore + 1);
      assertThat(metrics.closing()).isZero();

      // Resumed from its last version + 1 while deposits go on: every version once.
      Reader resumed = Reader.from(StreamBalanceRequest.newBuilder().setAccountId("slow")
          .setFromVersion(paused.lastVersion() + 1).build());
      for (int i = 0; i < 20; i++) {
        deposit("slow", ++deposits);
      }
      long last = deposits + 1;
      resumed.awaitVersion(last);
      List<Long> seen = new ArrayList<>(versions(paused.updates));
      seen.addAll(versions(resumed.updates));
      assertThat(seen).as("the paused stream then the resumed one").containsExactlyElementsOf(range(1, last));
      resumed.cancel();
    }
    reading.awaitVersion(deposits + 1);
    assertThat(versions(reading.updates)).as("the client that kept reading").containsExactlyElementsOf(
        range(1, deposits + 1));
    assertThat(reading.failure.get()).isNull();
    reading.cancel();
  }

  @Test
  void a_stream_that_stopped_does_not_hold_back_another_stream_on_the_same_connection() {
    open("stuck");
    open("neighbour");
    try (PausedWatcher paused = PausedWatcher.start(fixture.grpcPort, "stuck")) {
      long endedBefore = metrics.tooSlow("delivered") + metrics.tooSlow("undelivered") + metrics.closing();
      Reader neighbour = Reader.on(paused.channel(), StreamBalanceRequest.newBuilder().setAccountId("neighbour")
          .build());
      neighbour.awaitVersion(1);
      long deposits = 0;
      while (metrics.tooSlow("delivered") + metrics.tooSlow("undelivered") + metrics.closing() == endedBefore) {
        assertThat(deposits).as("deposits before the stopped stream was ended").isLessThan(2_000);
        deposit("stuck", ++deposits);
        deposit("neighbour", deposits);
      }
      for (int i = 0; i < 20; i++) {
        deposit("neighbour", ++deposits);
      }
      neighbour.awaitVersion(deposits + 1);
      System.out.printf("SlowStreamIT: the stopped stream was ended after %d deposits; its neighbour got %d updates%n",
          deposits - 20, neighbour.updates.size());
      assertThat(versions(neighbour.updates)).as("the neighbour on the same connection")
          .containsExactlyElementsOf(range(1, deposits + 1));
      assertThat(neighbour.failure.get()).isNull();
      neighbour.cancel();
    }
  }

  private static List<Long> versions(List<BalanceUpdate> updates) {
    return updates.stream().map(u -> u.getBalance().getVersion()).toList();
  }

  private static List<Long> range(long from, long toInclusive) {
    return LongStream.rangeClosed(from, toInclusive).boxed().toList();
  }

  private static void open(String account) {
    await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId(account + "-open").setAccountId(account).setCurrency("USD").build()));
  }

  private static void deposit(String account, long n) {
    await(fixture.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId(account + "-dep-" + n).setAccountId(account).setAmountMinor(1).setCurrency("USD").build()));
  }

  /** A grpc-java client that reads everything at once (the fixture's channel). */
  private static final class Reader implements StreamObserver<BalanceUpdate> {
    final List<BalanceUpdate> updates = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final Context.CancellableContext context = Context.current().withCancellation();

    static Reader from(StreamBalanceRequest request) {
      return on(fixture.channel, request);
    }

    static Reader on(io.grpc.Channel channel, StreamBalanceRequest request) {
      Reader reader = new Reader();
      reader.context.run(() -> QueryServiceGrpc.newStub(channel).streamBalance(request, reader));
      return reader;
    }

    @Override
    public void onNext(BalanceUpdate update) {
      updates.add(update);
    }

    @Override
    public void onError(Throwable t) {
      failure.set(t);
    }

    @Override
    public void onCompleted() {
      failure.set(new AssertionError("completed"));
    }

    void awaitVersion(long version) {
      until("version " + version + " or an end", WAIT, () -> updates.isEmpty() ? 0
          : updates.get(updates.size() - 1).getBalance().getVersion(), v -> v >= version || failure.get() != null);
      assertThat(failure.get()).as("stream ended").isNull();
    }

    void cancel() {
      context.cancel(null);
    }
  }
}

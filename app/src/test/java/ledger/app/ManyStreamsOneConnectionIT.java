package ledger.app;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import ledger.v1.Balance;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: the gRPC port advertised Vert.x's default of 100 concurrent HTTP/2 streams, so
 * a client's 100 open StreamBalance calls held back every further call on its connection,
 * unary ones included, until their deadlines. Everything here goes over one grpc-java channel.
 */
class ManyStreamsOneConnectionIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();
  private static final int STREAMS = 400;
  private static final Duration STREAM_WAIT = Duration.ofSeconds(20);
  /** Ample for one call on a busy machine, far below a stream's lifetime. */
  private static final long UNARY_DEADLINE_SECONDS = 5;

  private final List<Context.CancellableContext> streams = new ArrayList<>();
  private final AtomicLongArray versionSeen = new AtomicLongArray(STREAMS);
  private final AtomicReference<Throwable> streamError = new AtomicReference<>();

  @Test
  void unary_calls_and_stream_updates_still_flow_on_a_connection_holding_400_balance_streams() throws Exception {
    CommandResult opened = commands().openAccount(OpenAccountRequest.newBuilder()
        .setCommandId("watched-open").setAccountId("watched").setCurrency("USD").build());
    StreamBalanceRequest watch = StreamBalanceRequest.newBuilder().setAccountId("watched")
        .setConsistencyToken(opened.getConsistencyToken()).build();
    IntStream.range(0, STREAMS).forEach(i -> watch(i, watch));
    awaitEveryStreamAt(1);

    Balance balance = queries().getBalance(GetBalanceRequest.newBuilder().setAccountId("watched")
        .setConsistencyToken(opened.getConsistencyToken()).build());
    CommandResult deposited = commands().deposit(DepositRequest.newBuilder().setCommandId("watched-dep")
        .setAccountId("watched").setAmountMinor(250).setCurrency("USD").build());

    assertThat(balance.getVersion()).isEqualTo(1);
    assertThat(deposited.getVersions(0).getVersion()).isEqualTo(2);
    awaitEveryStreamAt(2);
  }

  @AfterEach
  void cancelStreams() {
    streams.forEach(stream -> stream.cancel(null));
  }

  private void watch(int index, StreamBalanceRequest request) {
    Context.CancellableContext context = Context.current().withCancellation();
    streams.add(context);
    context.run(() -> QueryServiceGrpc.newStub(fixture.channel).streamBalance(request, new StreamObserver<>() {
      @Override
      public void onNext(BalanceUpdate update) {
        versionSeen.set(index, update.getBalance().getVersion());
      }

      @Override
      public void onError(Throwable failure) {
        streamError.compareAndSet(null, failure);
      }

      @Override
      public void onCompleted() {
        streamError.compareAndSet(null, new AssertionError("stream " + index + " ended"));
      }
    }));
  }

  private void awaitEveryStreamAt(long version) {
    until("all " + STREAMS + " streams at version " + version + " (or a stream error)", STREAM_WAIT,
        () -> IntStream.range(0, STREAMS).filter(i -> versionSeen.get(i) >= version).count(),
        atVersion -> atVersion == STREAMS || streamError.get() != null);
    assertThat(streamError.get()).as("stream error").isNull();
  }

  private static CommandServiceGrpc.CommandServiceBlockingStub commands() {
    return CommandServiceGrpc.newBlockingStub(fixture.channel)
        .withDeadlineAfter(UNARY_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static QueryServiceGrpc.QueryServiceBlockingStub queries() {
    return QueryServiceGrpc.newBlockingStub(fixture.channel)
        .withDeadlineAfter(UNARY_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }
}

package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import ledger.app.server.ConnectionSettings;
import ledger.testkit.GrpcJava;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A balance stream outlives --max-connection-age-ms: after the two-step GOAWAY and the age grace, its
 * connection closes, and the stream ends UNAVAILABLE, the status a client resumes on (from its last
 * version + 1, on a new connection), missing and repeating nothing.
 */
class StreamConnectionAgeIT {

  private static final Duration AGE = Duration.ofMillis(1_500);
  private static final Duration GRACE = Duration.ofMillis(500);

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withOperations(config.operations()
      .withConnections(new ConnectionSettings(Duration.ofSeconds(60), Duration.ofSeconds(20), AGE, GRACE))));

  @Test
  void a_stream_open_at_the_connection_age_ends_unavailable_and_resumes_on_a_new_connection() {
    await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId("aged-open").setAccountId("aged").setCurrency("USD").build()));
    ManagedChannel channel = GrpcJava.channel(fixture.grpcPort);
    try {
      List<Long> versions = new CopyOnWriteArrayList<>();
      AtomicReference<Throwable> ended = new AtomicReference<>();
      long opened = System.nanoTime();
      QueryServiceGrpc.newStub(channel).streamBalance(StreamBalanceRequest.newBuilder().setAccountId("aged").build(),
          observer(versions, ended));
      int n = 0;
      while (ended.get() == null) {
        assertThat(n).as("deposits before the stream ended").isLessThan(5_000);
        deposit(++n);
      }
      long endedAfter = (System.nanoTime() - opened) / 1_000_000;
      Status status = Status.fromThrowable(ended.get());
      System.out.printf("StreamConnectionAgeIT: the stream ended after %d ms with %s%n", endedAfter, status);
      // grpc-java: "Connection closed after GOAWAY. HTTP/2 error code: NO_ERROR", no ErrorInfo: the connection went.
      assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(endedAfter).as("ms the stream lived").isGreaterThanOrEqualTo(
          (long) (AGE.toMillis() * (1 - ConnectionSettings.AGE_JITTER)) + GRACE.toMillis() - 50);

      AtomicReference<Throwable> resumedEnd = new AtomicReference<>();
      QueryServiceGrpc.newStub(channel).streamBalance(StreamBalanceRequest.newBuilder().setAccountId("aged")
          .setFromVersion(versions.get(versions.size() - 1) + 1).build(), observer(versions, resumedEnd));
      deposit(++n);
      long last = n + 1;
      until("the resumed stream reaches version " + last, Duration.ofSeconds(20),
          () -> versions.get(versions.size() - 1), v -> v >= last);
      // The first message is the state when the stream started, deposits already going on.
      assertThat(versions).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(versions.get(0), last)
          .boxed().toList());
    } finally {
      GrpcJava.close(channel);
    }
  }

  private static StreamObserver<BalanceUpdate> observer(List<Long> versions, AtomicReference<Throwable> ended) {
    return new StreamObserver<>() {
      @Override
      public void onNext(BalanceUpdate update) {
        versions.add(update.getBalance().getVersion());
      }

      @Override
      public void onError(Throwable t) {
        ended.set(t);
      }

      @Override
      public void onCompleted() {
        ended.set(new AssertionError("completed"));
      }
    };
  }

  /**
   * The depositing client's own connection ages too: a deposit caught by its GOAWAY ("Stream was
   * closed") is sent again with the same command id, which the ledger applies once.
   */
  private static void deposit(int n) {
    DepositRequest request = DepositRequest.newBuilder().setCommandId("aged-dep-" + n).setAccountId("aged")
        .setAmountMinor(1).setCurrency("USD").build();
    for (int attempt = 1; ; attempt++) {
      try {
        await(fixture.vertxClient.unary(CommandServiceGrpcClient.Deposit, request));
        return;
      } catch (RuntimeException closedByAge) {
        if (attempt == 5) {
          throw closedByAge;
        }
      }
    }
  }
}

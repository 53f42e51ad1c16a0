package ledger.app;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import ledger.app.server.LedgerServer;
import ledger.app.server.ServerConfig;
import ledger.testkit.GrpcJava;
import ledger.testkit.TestInfra;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.Test;

/**
 * What callers see while a server stops (docs/operations.md, "Graceful shutdown and connection
 * lifetimes"): health watchers are told NOT_SERVING and let go, balance streams end UNAVAILABLE
 * SHUTTING_DOWN, and nothing open makes the stop wait for its grace.
 */
class ServerStopIT {

  /** Far longer than the stop may take: a stop that waited for it would show. */
  private static final Duration GRACE = Duration.ofSeconds(30);

  @Test
  void a_stop_ends_health_watches_and_balance_streams_at_once_instead_of_waiting_out_its_grace() throws Exception {
    int grpcPort = TestInfra.freePort();
    var database = TestInfra.freshDatabase("ServerStopIT");
    LedgerServer server = LedgerServer.start(ServerConfig.defaults()
        .withEndpoints("127.0.0.1", grpcPort, TestInfra.freePort())
        .withStorage(Path.of("target", "unused-data"), TestInfra.pgUrl(database), TestInfra.redisUrl(),
            TestInfra.freshPrefix("ServerStopIT"))
        .withSizing(2, 4, 4)
        .withTimeouts(Duration.ofSeconds(5), GRACE));
    ManagedChannel channel = GrpcJava.channel(grpcPort);
    try {
      CommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(30)).openAccount(
          OpenAccountRequest.newBuilder().setCommandId("open-stop").setAccountId("stop").setCurrency("EUR").build());
      Recorder<HealthCheckResponse> watch = new Recorder<>();
      HealthGrpc.newStub(channel).watch(HealthCheckRequest.getDefaultInstance(), watch);
      Recorder<BalanceUpdate> stream = new Recorder<>();
      QueryServiceGrpc.newStub(channel).streamBalance(StreamBalanceRequest.newBuilder().setAccountId("stop").build(),
          stream);
      until("the watch SERVING and the stream's first update", Duration.ofSeconds(30),
          () -> watch.received.size() + stream.received.size(), n -> n >= 2);
      assertThat(watch.received.get(0).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

      long stopping = System.nanoTime();
      CompletableFuture.runAsync(server::close).get(GRACE.toSeconds() / 2, TimeUnit.SECONDS);
      long stopMillis = (System.nanoTime() - stopping) / 1_000_000;

      assertThat(stopMillis).as("ms the stop took, grace %d ms", GRACE.toMillis()).isLessThan(GRACE.toMillis() / 2);
      until("the stream's end", Duration.ofSeconds(10), () -> stream.ended, e -> e != null);
      assertThat(stream.ended.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(MoneyClients.reasonOf(stream.ended)).isEqualTo("SHUTTING_DOWN");
      until("the watch's end", Duration.ofSeconds(10), () -> watch.ended, e -> e != null);
      assertThat(watch.received.get(watch.received.size() - 1).getStatus())
          .isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
      assertThat(watch.ended.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      server.close();
      GrpcJava.close(channel);
    }
  }

  /** Keeps what a server stream sent and how it ended. */
  private static final class Recorder<T> implements StreamObserver<T> {
    final List<T> received = new CopyOnWriteArrayList<>();
    volatile StatusRuntimeException ended;

    @Override
    public void onNext(T value) {
      received.add(value);
    }

    @Override
    public void onError(Throwable failure) {
      ended = Status.fromThrowable(failure).asRuntimeException(Status.trailersFromThrowable(failure));
    }

    @Override
    public void onCompleted() {
      ended = Status.OK.asRuntimeException();
    }
  }
}

package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.common.GrpcStatus;
import ledger.grpc.ErrorDetails;
import ledger.testkit.GrpcJava;
import ledger.testkit.TcpRelay;
import ledger.testkit.Waits;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Open streams per caller, over all its connections: one past the limit is refused
 * RESOURCE_EXHAUSTED TOO_MANY_STREAMS, and a stream that ends in any way (cancelled by the
 * caller, or its connection dropped without a word) gives its place back. Callers are told
 * apart by peer address (authentication is off): each test connects from its own.
 */
class StreamLimitIT {

  private static final int LIMIT = 3;
  private static final String ACCOUNT = "watched";

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withSecurity(
      config.security().withLimits(config.security().limits().withMaxStreamsPerCaller(LIMIT))));

  @BeforeAll
  static void openTheAccount() {
    CommandServiceGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .openAccount(OpenAccountRequest.newBuilder().setCommandId("open-watched").setAccountId(ACCOUNT)
            .setCurrency("USD").build());
  }

  @Test
  void one_stream_past_the_limit_over_two_connections_is_refused_and_admitted_once_one_is_cancelled() {
    ManagedChannel first = GrpcJava.channelFrom("127.0.0.2", fixture.grpcPort);
    ManagedChannel second = GrpcJava.channelFrom("127.0.0.2", fixture.grpcPort);
    ManagedChannel otherCaller = GrpcJava.channelFrom("127.0.0.3", fixture.grpcPort);
    List<Watch> open = new ArrayList<>();
    try {
      open.add(Watch.start(first));
      open.add(Watch.start(first));
      open.add(Watch.start(second));
      open.forEach(Watch::awaitFirstUpdate);

      Watch refused = Watch.start(second);
      StatusRuntimeException error = refused.awaitError();
      assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(GrpcJava.errorInfo(error).getReason()).isEqualTo("TOO_MANY_STREAMS");
      assertThat(GrpcJava.errorInfo(error).getMetadataMap()).containsEntry("limit", Integer.toString(LIMIT));
      Watch.start(otherCaller).awaitFirstUpdate();

      open.remove(0).cancel();
      open.add(Watch.admittedEventually(first));
      assertThat(fixture.http("/metrics").body()).containsPattern(
          "ledger_limit_refusals_total\\{reason=\"TOO_MANY_STREAMS\"} [1-9]");
    } finally {
      open.forEach(Watch::cancel);
      GrpcJava.close(first);
      GrpcJava.close(second);
      GrpcJava.close(otherCaller);
    }
  }

  @Test
  void the_vertx_client_reads_the_reason_and_the_limit() {
    ManagedChannel channel = GrpcJava.channelFrom("127.0.0.4", fixture.grpcPort);
    GrpcClient client = GrpcClient.client(fixture.clientVertx, new GrpcClientOptions(), new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false).setLocalAddress("127.0.0.4"));
    List<Watch> open = new ArrayList<>();
    try {
      for (int i = 0; i < LIMIT; i++) {
        open.add(Watch.start(channel));
      }
      open.forEach(Watch::awaitFirstUpdate);

      AtomicReference<GrpcStatus> status = new AtomicReference<>();
      var info = await(client.request(SocketAddress.inetSocketAddress(fixture.grpcPort, "127.0.0.1"),
              QueryServiceGrpcClient.StreamBalance)
          .compose(call -> call.send(StreamBalanceRequest.newBuilder().setAccountId(ACCOUNT).build()))
          .compose(response -> response.end().transform(done -> {
            status.set(response.status());
            return Future.succeededFuture(ErrorDetails.read(response.trailers(), response.headers()));
          })));

      assertThat(status.get()).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
      assertThat(info.getReason()).isEqualTo("TOO_MANY_STREAMS");
      assertThat(info.getMetadataMap()).containsEntry("limit", Integer.toString(LIMIT));
    } finally {
      open.forEach(Watch::cancel);
      await(client.close());
      GrpcJava.close(channel);
    }
  }

  /** Through a relay: the server sees the connection close with no RST_STREAM and no GOAWAY first. */
  @Test
  void the_streams_of_a_dropped_connection_are_given_back() {
    TcpRelay relay = TcpRelay.to(fixture.clientVertx, "127.0.0.1", fixture.grpcPort);
    // The relay connects from 127.0.0.1: the same caller as a direct channel from 127.0.0.1.
    ManagedChannel relayed = GrpcJava.channel(relay.port());
    ManagedChannel direct = GrpcJava.channelFrom("127.0.0.1", fixture.grpcPort);
    List<Watch> open = new ArrayList<>();
    try {
      for (int i = 0; i < LIMIT; i++) {
        open.add(Watch.start(relayed));
      }
      open.forEach(Watch::awaitFirstUpdate);
      assertThat(GrpcJava.errorInfo(Watch.start(direct).awaitError()).getReason()).isEqualTo("TOO_MANY_STREAMS");

      relay.cut();

      open.add(Watch.admittedEventually(direct));
    } finally {
      open.forEach(Watch::cancel);
      GrpcJava.close(relayed);
      GrpcJava.close(direct);
      relay.close();
    }
  }

  /** One grpc-java StreamBalance call of the account. */
  private static final class Watch implements StreamObserver<BalanceUpdate> {

    private final Context.CancellableContext context = Context.current().withCancellation();
    private final AtomicReference<BalanceUpdate> first = new AtomicReference<>();
    private final AtomicReference<Throwable> error = new AtomicReference<>();

    static Watch start(ManagedChannel channel) {
      Watch watch = new Watch();
      watch.context.run(() -> QueryServiceGrpc.newStub(channel)
          .streamBalance(StreamBalanceRequest.newBuilder().setAccountId(ACCOUNT).build(), watch));
      return watch;
    }

    /** Opens streams until one is admitted (its first update arrives); refusals meanwhile must be the limit's. */
    static Watch admittedEventually(ManagedChannel channel) {
      return Waits.until("a stream admitted again", Duration.ofSeconds(10), () -> {
        Watch watch = start(channel);
        Waits.until("an update or an error", Duration.ofSeconds(10), () -> watch.first.get() != null
            || watch.error.get() != null, done -> done);
        if (watch.error.get() != null) {
          assertThat(GrpcJava.errorInfo((StatusRuntimeException) watch.error.get()).getReason())
              .isEqualTo("TOO_MANY_STREAMS");
          return null;
        }
        return watch;
      }, watch -> watch != null);
    }

    void awaitFirstUpdate() {
      Waits.until("the stream's first update", Duration.ofSeconds(10), () -> first.get() != null
          || error.get() != null, done -> done);
      assertThat(error.get()).as("stream error").isNull();
    }

    StatusRuntimeException awaitError() {
      Waits.until("the stream's error", Duration.ofSeconds(10), error::get, e -> e != null);
      assertThat(first.get()).as("no update before the refusal").isNull();
      return (StatusRuntimeException) error.get();
    }

    void cancel() {
      context.cancel(null);
    }

    @Override
    public void onNext(BalanceUpdate value) {
      first.compareAndSet(null, value);
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
    }

    @Override
    public void onCompleted() {
    }
  }
}

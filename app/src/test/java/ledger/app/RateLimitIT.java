package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.common.GrpcStatus;
import ledger.grpc.ErrorDetails;
import ledger.testkit.GrpcJava;
import ledger.testkit.Waits;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-caller command rate: a caller past its bucket is refused RESOURCE_EXHAUSTED
 * RATE_LIMITED with the delay after which a command will pass (ErrorInfo metadata and the
 * standard RetryInfo), appends nothing, and is served again once that delay has passed.
 * Callers are told apart by their peer address here (authentication is off): each test's
 * clients connect from a loopback address of their own, so their buckets are their own.
 */
class RateLimitIT {

  private static final int RATE = 1;
  private static final int BURST = 5;

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withSecurity(
      config.security().withLimits(config.security().limits().withCommandRate(RATE, BURST))));

  @Test
  void a_caller_past_its_rate_is_refused_with_a_retry_hint_and_served_again_after_it_grpc_java() {
    ManagedChannel channel = GrpcJava.channelFrom("127.0.0.2", fixture.grpcPort);
    try {
      CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(channel);
      Refused refused = exhaust(id -> commands.withDeadlineAfter(10, TimeUnit.SECONDS).openAccount(open(id)), "gj");

      assertThat(refused.answered).as("the burst passes").hasSizeGreaterThanOrEqualTo(BURST);
      StatusRuntimeException error = refused.error;
      assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      var info = GrpcJava.errorInfo(error);
      assertThat(info.getReason()).isEqualTo("RATE_LIMITED");
      long hintMillis = Long.parseLong(info.getMetadataOrThrow("retry_after_ms"));
      assertThat(hintMillis).isBetween(1L, 1000L / RATE);
      assertThat(retryInfo(StatusProto.fromThrowable(error))).as("RetryInfo, as grpc-java reads it")
          .isEqualTo(Duration.ofMillis(hintMillis));
      assertThat(fixture.audit().stream(refused.id)).as("a refused command appends nothing").isEmpty();
      // Queries are not commands: the same caller still reads.
      assertThat(QueryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .getBalance(GetBalanceRequest.newBuilder().setAccountId(refused.answered.get(0)).build()).getAccountId())
          .isEqualTo(refused.answered.get(0));

      // Poll until a command passes: not before the hint (counted from before the refused call was sent).
      long passedAfterMillis = Waits.until("a command passes again", Duration.ofSeconds(10), () -> {
        try {
          commands.withDeadlineAfter(10, TimeUnit.SECONDS).openAccount(open("gj-again-" + System.nanoTime()));
          return (System.nanoTime() - refused.sentAtNanos) / 1_000_000;
        } catch (StatusRuntimeException stillRefused) {
          assertThat(GrpcJava.errorInfo(stillRefused).getReason()).isEqualTo("RATE_LIMITED");
          return -1L;
        }
      }, millis -> millis >= 0);
      assertThat(passedAfterMillis).as("served again, not before the hint of %d ms", hintMillis)
          .isGreaterThanOrEqualTo(hintMillis - 2);

      assertThat(fixture.http("/metrics").body()).containsPattern(
          "ledger_limit_refusals_total\\{reason=\"RATE_LIMITED\"} [1-9]");
    } finally {
      GrpcJava.close(channel);
    }
  }

  @Test
  void the_vertx_client_reads_the_reason_the_hint_and_the_retry_info() {
    GrpcClient client = GrpcClient.client(fixture.clientVertx, new GrpcClientOptions(), new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false).setLocalAddress("127.0.0.3"));
    try {
      SocketAddress server = SocketAddress.inetSocketAddress(fixture.grpcPort, "127.0.0.1");
      VertxRefusal refusal = null;
      for (int i = 0; i < BURST + 20 && refusal == null; i++) {
        OpenAccountRequest request = open("vx-" + i);
        refusal = await(client.request(server, CommandServiceGrpcClient.OpenAccount)
            .compose(call -> call.send(request))
            .compose(response -> response.last().transform(done -> Future.succeededFuture(done.succeeded()
                ? null
                : new VertxRefusal(response.status(), ErrorDetails.read(response.trailers(), response.headers()),
                    ErrorDetails.retryDelay(response.trailers(), response.headers()))))));
      }

      assertThat(refusal).as("refused within the burst and 20 more").isNotNull();
      assertThat(refusal.status).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
      assertThat(refusal.info.getReason()).isEqualTo("RATE_LIMITED");
      assertThat(refusal.info.getMetadataMap()).containsEntry("rate_per_second", "1").containsEntry("burst", "5");
      assertThat(refusal.retryDelay).isEqualTo(Duration.ofMillis(
          Long.parseLong(refusal.info.getMetadataOrThrow("retry_after_ms"))));
    } finally {
      await(client.close());
    }
  }

  @Test
  void two_callers_have_buckets_of_their_own() {
    ManagedChannel first = GrpcJava.channelFrom("127.0.0.4", fixture.grpcPort);
    ManagedChannel second = GrpcJava.channelFrom("127.0.0.5", fixture.grpcPort);
    try {
      CommandServiceGrpc.CommandServiceBlockingStub one = CommandServiceGrpc.newBlockingStub(first);
      CommandServiceGrpc.CommandServiceBlockingStub other = CommandServiceGrpc.newBlockingStub(second);
      Refused refused = exhaust(id -> one.withDeadlineAfter(10, TimeUnit.SECONDS).openAccount(open(id)), "one");

      // Had the callers shared a bucket, BURST more commands would take BURST seconds of refill.
      for (int i = 0; i < BURST; i++) {
        other.withDeadlineAfter(10, TimeUnit.SECONDS).openAccount(open("other-" + i));
      }
      assertThat((System.nanoTime() - refused.sentAtNanos) / 1_000_000)
          .as("the other caller's burst passed long before the first caller's bucket could refill it")
          .isLessThan(BURST * 1000L / RATE);
    } finally {
      GrpcJava.close(first);
      GrpcJava.close(second);
    }
  }

  /** Sends commands until one is refused (at most the burst and 20 more); the ids answered, and the refusal. */
  private static Refused exhaust(java.util.function.Consumer<String> command, String prefix) {
    List<String> answered = new ArrayList<>();
    for (int i = 0; i < BURST + 20; i++) {
      String id = prefix + "-" + i;
      long sent = System.nanoTime();
      try {
        command.accept(id);
        answered.add(id);
      } catch (StatusRuntimeException e) {
        return new Refused(answered, id, e, sent);
      }
    }
    throw new AssertionError("no command refused within the burst and 20 more: " + answered);
  }

  private static OpenAccountRequest open(String id) {
    return OpenAccountRequest.newBuilder().setCommandId("cmd-" + id).setAccountId(id).setCurrency("USD").build();
  }

  private static Duration retryInfo(com.google.rpc.Status status) throws AssertionError {
    for (Any detail : status.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        try {
          com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
          return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
      }
    }
    return null;
  }

  private record Refused(List<String> answered, String id, StatusRuntimeException error, long sentAtNanos) {
  }

  private record VertxRefusal(GrpcStatus status, com.google.rpc.ErrorInfo info, Duration retryDelay) {
  }
}

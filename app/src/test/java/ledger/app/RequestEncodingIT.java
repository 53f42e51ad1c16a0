package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import io.grpc.Compressor;
import io.grpc.CompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import ledger.testkit.GrpcJava;
import ledger.v1.BalanceUpdate;
import ledger.v1.GetBalanceRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regressions: a request body that vertx-grpc 5.0.7 cannot decompress left the call hanging
 * until the caller's deadline (an encoding it does not know, logged and then ignored; a message
 * flagged compressed without a grpc-encoding header, which its deframer does not handle). Each
 * is answered at once now, and the deadline here is far longer than any answer takes.
 */
class RequestEncodingIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();
  private static final long DEADLINE_SECONDS = 30;

  /** A codec grpc-java sends as "snappy" (its bytes are not compressed at all: the server never gets that far). */
  private static final Compressor SNAPPY = new Compressor() {
    @Override
    public String getMessageEncoding() {
      return "snappy";
    }

    @Override
    public OutputStream compress(OutputStream os) {
      return os;
    }
  };

  @Test
  void a_body_in_an_encoding_the_server_does_not_know_is_unimplemented_with_its_reason_not_left_hanging() {
    CompressorRegistry codecs = CompressorRegistry.newEmptyInstance();
    codecs.register(SNAPPY);
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", fixture.grpcPort).usePlaintext()
        .compressorRegistry(codecs).build();
    try {
      QueryServiceGrpc.QueryServiceBlockingStub queries = QueryServiceGrpc.newBlockingStub(channel)
          .withCompression("snappy").withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);

      StatusRuntimeException unary = catchThrowableOfType(StatusRuntimeException.class,
          () -> queries.getBalance(GetBalanceRequest.newBuilder().setAccountId("anyone").build()));
      StatusRuntimeException stream = catchThrowableOfType(StatusRuntimeException.class, () -> {
        Iterator<BalanceUpdate> updates = queries.streamBalance(
            StreamBalanceRequest.newBuilder().setAccountId("anyone").build());
        updates.hasNext();
      });

      for (StatusRuntimeException refused : new StatusRuntimeException[] {unary, stream}) {
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(GrpcJava.errorInfo(refused).getReason()).isEqualTo("UNSUPPORTED_ENCODING");
        assertThat(refused.getStatus().getDescription()).contains("snappy");
      }
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void a_message_flagged_compressed_without_a_grpc_encoding_header_is_answered_not_left_hanging() throws Exception {
    HttpClient client = fixture.clientVertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    byte[] request = GetBalanceRequest.newBuilder().setAccountId("anyone").build().toByteArray();
    // gRPC's length-prefixed message: the compressed flag set, then the length, then the bytes
    Buffer message = Buffer.buffer().appendByte((byte) 1).appendInt(request.length).appendBytes(request);

    String grpcStatus = client.request(HttpMethod.POST, fixture.grpcPort, "127.0.0.1",
            "/ledger.v1.QueryService/GetBalance")
        .compose(call -> call.putHeader("content-type", "application/grpc").putHeader("te", "trailers")
            .putHeader("grpc-timeout", DEADLINE_SECONDS + "S").send(message))
        .compose(response -> response.body().map(body -> {
          String trailer = response.getTrailer("grpc-status");
          return trailer != null ? trailer : response.getHeader("grpc-status");
        }))
        .toCompletionStage().toCompletableFuture().get(DEADLINE_SECONDS / 2, TimeUnit.SECONDS);

    assertThat(grpcStatus).as("a grpc-status, long before the deadline").isNotNull()
        .isNotEqualTo(String.valueOf(Status.Code.DEADLINE_EXCEEDED.value()));
    client.close();
  }
}

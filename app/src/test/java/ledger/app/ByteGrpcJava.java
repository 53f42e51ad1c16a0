package ledger.app;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.vertx.grpc.common.GrpcStatus;

/**
 * A standard grpc-java client sending arbitrary bytes as a call's request message (a byte-array
 * marshaller), identity or gzip-compressed the way grpc-java compresses.
 */
final class ByteGrpcJava {

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private final ManagedChannel channel;

  ByteGrpcJava(ManagedChannel channel) {
    this.channel = channel;
  }

  CompletableFuture<WireOutcome> call(String fullMethod, boolean serverStream, byte[] message, boolean gzip,
                                      Duration deadline) {
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(serverStream ? MethodDescriptor.MethodType.SERVER_STREAMING : MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullMethod).setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    ClientCall<byte[], byte[]> call = channel.newCall(method, gzip ? options.withCompression("gzip") : options);
    CompletableFuture<WireOutcome> outcome = new CompletableFuture<>();
    long started = System.nanoTime();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(byte[] response) {
        if (serverStream && outcome.complete(WireOutcome.firstMessage(millis(started)))) {
          call.cancel("the test has seen the stream's first message", null);
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        outcome.complete(WireOutcome.status(GrpcStatus.valueOf(status.getCode().value()), status.getDescription(),
            errorInfo(status, trailers), millis(started)));
      }
    }, new Metadata());
    call.request(2);
    call.sendMessage(message);
    call.halfClose();
    return outcome;
  }

  private static ErrorInfo errorInfo(Status status, Metadata trailers) {
    com.google.rpc.Status details;
    try {
      details = StatusProto.fromStatusAndTrailers(status, trailers);
    } catch (IllegalArgumentException mismatched) {
      // grpc-status-details-bin whose code differs from the call's: a server bug the properties catch
      return ErrorInfo.newBuilder().setReason("DETAILS_CODE_MISMATCH").build();
    }
    if (details == null) {
      return null;
    }
    for (Any detail : details.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException e) {
          return ErrorInfo.newBuilder().setReason("DETAILS_UNREADABLE").build();
        }
      }
    }
    return null;
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}

package ledger.testkit;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.grpc.common.GrpcStatus;

/** A standard grpc-java client's side of a test: its channel, and its errors read the way grpc-java users read them. */
public final class GrpcJava {

  private GrpcJava() {
  }

  /** A plaintext channel to a server on loopback. */
  public static ManagedChannel channel(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  /**
   * A plaintext channel to a server on 127.0.0.1 whose connections come from {@code localHost}
   * (another loopback address, such as 127.0.0.2: Linux routes all of 127/8 to loopback), so
   * the server sees a second peer.
   */
  public static ManagedChannel channelFrom(String localHost, int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
          @Override
          public java.net.SocketAddress createSocketAddress(java.net.SocketAddress remote, io.grpc.Attributes attrs) {
            return new InetSocketAddress(localHost, 0);
          }
        })
        .build();
  }

  public static void close(ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A blocking stub's call, as its caller saw it. */
  public static <T extends Message> Reply<T> call(Supplier<T> call) {
    long started = System.nanoTime();
    try {
      return Reply.answer(call.get(), Elapsed.millisSince(started));
    } catch (StatusRuntimeException e) {
      return refusal(e, Elapsed.millisSince(started));
    }
  }

  /** An async stub's unary call, started by {@code start} on the given observer, as its caller saw it. */
  public static <T extends Message> Future<Reply<T>> call(Consumer<StreamObserver<T>> start) {
    Promise<Reply<T>> reply = Promise.promise();
    long started = System.nanoTime();
    start.accept(new StreamObserver<>() {
      private T value;

      @Override
      public void onNext(T next) {
        value = next;
      }

      @Override
      public void onError(Throwable failure) {
        try {
          reply.complete(refusal(failure, Elapsed.millisSince(started)));
        } catch (RuntimeException | AssertionError unreadable) {
          reply.fail(unreadable);
        }
      }

      @Override
      public void onCompleted() {
        reply.complete(Reply.answer(value, Elapsed.millisSince(started)));
      }
    });
    return reply.future();
  }

  /** What a grpc-java caller saw of a failed call: its status, description and ErrorInfo. */
  public static <T extends Message> Reply<T> refusal(Throwable failure, long elapsedMillis) {
    if (!(failure instanceof StatusRuntimeException e)) {
      throw new AssertionError("call failed without a gRPC status", failure);
    }
    return Reply.refusal(GrpcStatus.valueOf(e.getStatus().getCode().value()), e.getStatus().getDescription(),
        errorInfo(e), elapsedMillis);
  }

  /**
   * The ErrorInfo of grpc-status-details-bin, or null when the server sent none. Throws when
   * the details are unreadable or their code differs from the call's status: a server bug too.
   */
  public static ErrorInfo errorInfo(StatusRuntimeException failure) {
    com.google.rpc.Status details = StatusProto.fromThrowable(failure);
    if (details == null) {
      return null;
    }
    for (Any detail : details.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class);
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError("unreadable ErrorInfo", e);
        }
      }
    }
    return null;
  }
}

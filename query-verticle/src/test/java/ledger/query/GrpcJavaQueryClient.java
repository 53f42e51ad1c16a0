package ledger.query;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.grpc.common.GrpcStatus;
import ledger.v1.Balance;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.GetHistoryResponse;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpc.QueryServiceStub;

/**
 * A standard grpc-java client, reading errors the way grpc-java users do: StatusProto and
 * ErrorInfo. Unlike the Vert.x client it enforces a deadline locally as well.
 */
final class GrpcJavaQueryClient implements QueryClient {

  private final ManagedChannel channel;
  private final QueryServiceStub stub;

  GrpcJavaQueryClient(int port) {
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    this.stub = QueryServiceGrpc.newStub(channel);
  }

  @Override
  public Future<Reply> getBalance(GetBalanceRequest request, Duration deadline) {
    return this.<Balance>call(deadline, (call, observer) -> call.getBalance(request, observer));
  }

  @Override
  public Future<Reply> getHistory(GetHistoryRequest request, Duration deadline) {
    return this.<GetHistoryResponse>call(deadline, (call, observer) -> call.getHistory(request, observer));
  }

  @Override
  public Future<Reply> getBalanceAt(GetBalanceAtRequest request, Duration deadline) {
    return this.<Balance>call(deadline, (call, observer) -> call.getBalanceAt(request, observer));
  }

  private <Resp extends Message> Future<Reply> call(Duration deadline,
                                                    BiConsumer<QueryServiceStub, StreamObserver<Resp>> start) {
    Promise<Reply> reply = Promise.promise();
    long started = System.nanoTime();
    QueryServiceStub call = deadline == null ? stub
        : stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    start.accept(call, new StreamObserver<>() {
      private Resp value;

      @Override
      public void onNext(Resp next) {
        value = next;
      }

      @Override
      public void onError(Throwable failure) {
        try {
          reply.complete(refused(failure, millisSince(started)));
        } catch (RuntimeException | AssertionError unreadable) {
          reply.fail(unreadable);
        }
      }

      @Override
      public void onCompleted() {
        reply.complete(Reply.ok(value, millisSince(started)));
      }
    });
    return reply.future();
  }

  private static Reply refused(Throwable failure, long elapsedMillis) {
    if (!(failure instanceof StatusRuntimeException e)) {
      throw new AssertionError("call failed without a gRPC status", failure);
    }
    // Throws when the details' code differs from the call's status: that is a server bug too.
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    return new Reply(null, GrpcStatus.valueOf(e.getStatus().getCode().value()), e.getStatus().getDescription(),
        details == null ? null : errorInfo(details), elapsedMillis);
  }

  private static ErrorInfo errorInfo(com.google.rpc.Status details) {
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

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

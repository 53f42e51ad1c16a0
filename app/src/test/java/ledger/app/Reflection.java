package ledger.app;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Promise;
import ledger.testkit.Waits;

/** What grpcurl asks first: the services a server offers, through reflection v1. */
final class Reflection {

  private Reflection() {
  }

  /** The services listed; fails with the call's StatusRuntimeException when reflection is not served. */
  static List<String> listServices(ManagedChannel channel) {
    Promise<List<String>> listed = Promise.promise();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            listed.tryComplete(response.getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).toList());
          }

          @Override
          public void onError(Throwable failure) {
            listed.tryFail(failure);
          }

          @Override
          public void onCompleted() {
            listed.tryFail(new IllegalStateException("reflection ended without an answer"));
          }
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    try {
      return Waits.await(listed.future());
    } finally {
      requests.onCompleted();
    }
  }
}

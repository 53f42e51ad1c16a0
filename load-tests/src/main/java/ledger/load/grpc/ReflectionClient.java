package ledger.load.grpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.reflection.v1.ServerReflectionRequest;
import io.vertx.grpc.reflection.v1.ServerReflectionResponse;
import io.vertx.grpc.reflection.v1.ServiceResponse;
import ledger.app.client.GrpcCallException;
import ledger.load.config.CallName;

/**
 * Asks a server for its descriptors through gRPC server reflection, as ghz and grpcurl do:
 * {@code grpc.reflection.v1} first, {@code grpc.reflection.v1alpha} when v1 is not served
 * (the two are the same on the wire). One stream per question.
 */
public final class ReflectionClient {

  public static final String V1 = "grpc.reflection.v1.ServerReflection";
  public static final String V1_ALPHA = "grpc.reflection.v1alpha.ServerReflection";

  private final GrpcClient client;
  private final SocketAddress target;
  private final Duration timeout;
  private String service = V1;

  public ReflectionClient(GrpcClient client, SocketAddress target, Duration timeout) {
    this.client = client;
    this.target = target;
    this.timeout = timeout;
  }

  /** Asks through one reflection service only, for checks that each version is served. */
  public ReflectionClient using(String reflectionService) {
    ReflectionClient pinned = new ReflectionClient(client, target, timeout);
    pinned.service = reflectionService;
    return pinned;
  }

  public Future<List<String>> listServices() {
    return ask(ServerReflectionRequest.newBuilder().setListServices("*").build()).map(r -> r.getListServicesResponse()
        .getServiceList().stream().map(ServiceResponse::getName).toList());
  }

  public Future<ServiceDescriptor> service(String fullName) {
    DescriptorPool pool = new DescriptorPool();
    return ask(ServerReflectionRequest.newBuilder().setFileContainingSymbol(fullName).build())
        .compose(r -> {
          List<FileDescriptorProto> files = files(r);
          files.forEach(pool::add);
          return complete(pool).map(v -> pool.build(files.get(0).getName()));
        })
        .map(file -> find(file, fullName));
  }

  /** The method a ghz {@code call} names, or a failure saying what the server does serve. */
  public Future<MethodTarget> method(CallName call) {
    return service(call.service()).map(s -> {
      MethodDescriptor m = s.findMethodByName(call.method());
      if (m == null) {
        throw new IllegalArgumentException("the server's " + s.getFullName() + " has no method " + call.method()
            + "; it has " + s.getMethods().stream().map(MethodDescriptor::getName).toList());
      }
      return new MethodTarget(m);
    });
  }

  /** Fetches files the pool still misses, one question each, until nothing is missing. */
  private Future<Void> complete(DescriptorPool pool) {
    List<String> missing = new ArrayList<>(pool.missing());
    if (missing.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<ServerReflectionResponse>> asks = missing.stream()
        .map(name -> ask(ServerReflectionRequest.newBuilder().setFileByFilename(name).build())).toList();
    return Future.all(asks).compose(all -> {
      for (int i = 0; i < asks.size(); i++) {
        files(asks.get(i).result()).forEach(pool::add);
      }
      if (pool.missing().containsAll(missing)) {
        return Future.failedFuture(new IllegalStateException("the server's reflection does not provide " + missing));
      }
      return complete(pool);
    });
  }

  private static ServiceDescriptor find(FileDescriptor file, String fullName) {
    for (ServiceDescriptor s : file.getServices()) {
      if (s.getFullName().equals(fullName)) {
        return s;
      }
    }
    throw new IllegalArgumentException(fullName + " is not a service (the server's reflection knows the symbol, in "
        + file.getName() + ")");
  }

  private static List<FileDescriptorProto> files(ServerReflectionResponse response) {
    if (response.hasErrorResponse()) {
      throw new IllegalArgumentException("server reflection: " + response.getErrorResponse().getErrorMessage()
          + " (" + GrpcStatus.valueOf(response.getErrorResponse().getErrorCode()) + ")");
    }
    List<FileDescriptorProto> files = new ArrayList<>();
    for (ByteString bytes : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      try {
        files.add(FileDescriptorProto.parseFrom(bytes));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("server reflection sent an unreadable file descriptor", e);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("server reflection sent no file descriptor");
    }
    return files;
  }

  private Future<ServerReflectionResponse> ask(ServerReflectionRequest question) {
    return ask(question, service).recover(failure -> {
      if (service.equals(V1) && failure instanceof GrpcCallException e && e.status() == GrpcStatus.UNIMPLEMENTED) {
        service = V1_ALPHA;
        return ask(question, V1_ALPHA);
      }
      return Future.failedFuture(failure);
    });
  }

  private Future<ServerReflectionResponse> ask(ServerReflectionRequest question, String reflectionService) {
    ServiceMethod<ServerReflectionResponse, ServerReflectionRequest> method = ServiceMethod.client(
        ServiceName.create(reflectionService), "ServerReflectionInfo", GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(ServerReflectionResponse.newBuilder()));
    return client.request(target, method)
        .compose(request -> {
          request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
          return request.send(question);
        })
        .compose(response -> response.last().recover(failure -> Future.failedFuture(
            new GrpcCallException(response.status() == null ? GrpcStatus.UNKNOWN : response.status(),
                "server reflection (" + reflectionService + "): "
                    + (response.statusMessage() != null ? response.statusMessage() : failure.getMessage()), null))))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}

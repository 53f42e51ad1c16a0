package ledger.grpc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.reflection.v1.ErrorResponse;
import io.vertx.grpc.reflection.v1.ExtensionNumberResponse;
import io.vertx.grpc.reflection.v1.FileDescriptorResponse;
import io.vertx.grpc.reflection.v1.ListServiceResponse;
import io.vertx.grpc.reflection.v1.ServerReflectionProto;
import io.vertx.grpc.reflection.v1.ServerReflectionRequest;
import io.vertx.grpc.reflection.v1.ServerReflectionResponse;
import io.vertx.grpc.reflection.v1.ServiceResponse;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.Service;

/**
 * gRPC server reflection, {@code grpc.reflection.v1} and {@code grpc.reflection.v1alpha}
 * (ghz and older grpcurl ask for v1alpha; the two are wire-identical). Unlike the Vert.x
 * module this answers every request on a stream, not just the first, and sends each
 * file's dependencies along with it.
 */
public final class ReflectionService implements Service {

  private static final ServiceDescriptor DESCRIPTOR =
      ServerReflectionProto.getDescriptor().findServiceByName("ServerReflection");

  private final ServiceName name;

  private ReflectionService(String fullName) {
    this.name = ServiceName.create(fullName);
  }

  public static ReflectionService v1() {
    return new ReflectionService("grpc.reflection.v1.ServerReflection");
  }

  public static ReflectionService v1alpha() {
    return new ReflectionService("grpc.reflection.v1alpha.ServerReflection");
  }

  @Override
  public ServiceName name() {
    return name;
  }

  @Override
  public ServiceDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void bind(GrpcServer server) {
    ServiceMethod<ServerReflectionRequest, ServerReflectionResponse> method = ServiceMethod.server(name,
        "ServerReflectionInfo", GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(ServerReflectionRequest.newBuilder()));
    server.callHandler(method, request -> serve(server, request));
  }

  private static void serve(GrpcServer server,
                            GrpcServerRequest<ServerReflectionRequest, ServerReflectionResponse> request) {
    Set<String> sentFiles = new HashSet<>();
    request.handler(query -> request.response().write(answer(server, query, sentFiles)));
    request.endHandler(done -> request.response().end());
  }

  static ServerReflectionResponse answer(GrpcServer server, ServerReflectionRequest query, Set<String> sentFiles) {
    Index index = Index.of(server);
    ServerReflectionResponse.Builder response = ServerReflectionResponse.newBuilder()
        .setValidHost(query.getHost())
        .setOriginalRequest(query);
    switch (query.getMessageRequestCase()) {
      case LIST_SERVICES -> {
        ListServiceResponse.Builder list = ListServiceResponse.newBuilder();
        server.services().forEach(s -> list.addService(ServiceResponse.newBuilder().setName(s.name().fullyQualifiedName())));
        return response.setListServicesResponse(list).build();
      }
      case FILE_BY_FILENAME -> {
        return files(response, index.files.get(query.getFileByFilename()), sentFiles,
            "file not found: " + query.getFileByFilename());
      }
      case FILE_CONTAINING_SYMBOL -> {
        return files(response, index.symbols.get(query.getFileContainingSymbol()), sentFiles,
            "symbol not found: " + query.getFileContainingSymbol());
      }
      case FILE_CONTAINING_EXTENSION -> {
        String key = query.getFileContainingExtension().getContainingType() + "#"
            + query.getFileContainingExtension().getExtensionNumber();
        return files(response, index.extensions.get(key), sentFiles, "extension not found: " + key);
      }
      case ALL_EXTENSION_NUMBERS_OF_TYPE -> {
        String type = query.getAllExtensionNumbersOfType();
        if (!index.symbols.containsKey(type)) {
          return error(response, GrpcStatus.NOT_FOUND, "type not found: " + type);
        }
        ExtensionNumberResponse.Builder numbers = ExtensionNumberResponse.newBuilder().setBaseTypeName(type);
        index.extensions.keySet().stream()
            .filter(k -> k.startsWith(type + "#"))
            .forEach(k -> numbers.addExtensionNumber(Integer.parseInt(k.substring(type.length() + 1))));
        return response.setAllExtensionNumbersResponse(numbers).build();
      }
      default -> {
        return error(response, GrpcStatus.INVALID_ARGUMENT, "unsupported request " + query.getMessageRequestCase());
      }
    }
  }

  /** The file and each dependency not yet sent on this stream, the requested file first. */
  private static ServerReflectionResponse files(ServerReflectionResponse.Builder response, FileDescriptor file,
                                                Set<String> sentFiles, String notFound) {
    if (file == null) {
      return error(response, GrpcStatus.NOT_FOUND, notFound);
    }
    FileDescriptorResponse.Builder files = FileDescriptorResponse.newBuilder();
    Deque<FileDescriptor> pending = new ArrayDeque<>();
    pending.add(file);
    boolean first = true;
    while (!pending.isEmpty()) {
      FileDescriptor next = pending.poll();
      if (first || sentFiles.add(next.getName())) {
        sentFiles.add(next.getName());
        files.addFileDescriptorProto(next.toProto().toByteString());
        pending.addAll(next.getDependencies());
      }
      first = false;
    }
    return response.setFileDescriptorResponse(files).build();
  }

  private static ServerReflectionResponse error(ServerReflectionResponse.Builder response, GrpcStatus status,
                                                String message) {
    return response.setErrorResponse(ErrorResponse.newBuilder().setErrorCode(status.code).setErrorMessage(message))
        .build();
  }

  /** Every file, symbol and extension reachable from the server's services. */
  private record Index(Map<String, FileDescriptor> files, Map<String, FileDescriptor> symbols,
                       Map<String, FileDescriptor> extensions) {

    static Index of(GrpcServer server) {
      Index index = new Index(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
      for (Service service : server.services()) {
        if (service.descriptor() != null) {
          index.add(service.descriptor().getFile());
          index.symbols.put(service.name().fullyQualifiedName(), service.descriptor().getFile());
        }
      }
      return index;
    }

    private void add(FileDescriptor file) {
      if (files.putIfAbsent(file.getName(), file) != null) {
        return;
      }
      for (ServiceDescriptor service : file.getServices()) {
        symbols.put(service.getFullName(), file);
        service.getMethods().forEach(m -> symbols.put(m.getFullName(), file));
      }
      file.getMessageTypes().forEach(m -> addMessage(file, m));
      file.getEnumTypes().forEach(e -> symbols.put(e.getFullName(), file));
      file.getExtensions().forEach(x -> addExtension(file, x));
      file.getDependencies().forEach(this::add);
    }

    private void addMessage(FileDescriptor file, Descriptor message) {
      symbols.put(message.getFullName(), file);
      message.getNestedTypes().forEach(m -> addMessage(file, m));
      message.getEnumTypes().forEach(e -> symbols.put(e.getFullName(), file));
      message.getExtensions().forEach(x -> addExtension(file, x));
    }

    private void addExtension(FileDescriptor file, FieldDescriptor extension) {
      symbols.put(extension.getFullName(), file);
      extensions.put(extension.getContainingType().getFullName() + "#" + extension.getNumber(), file);
    }
  }
}

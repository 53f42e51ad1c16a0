package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.OpenAccountRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What operators and tools rely on: gRPC health, server reflection (v1 and v1alpha), HTTP health and metrics. */
class OperationsIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  @Test
  void grpc_health_says_serving_for_the_process_and_its_services_and_not_found_for_strangers() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(fixture.channel);

    assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService("ledger.v1.CommandService").build()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThatThrownBy(() -> health.check(HealthCheckRequest.newBuilder().setService("no.Such").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND));
  }

  @Test
  void reflection_v1_lists_the_services_and_describes_them_on_one_stream() throws Exception {
    List<io.grpc.reflection.v1.ServerReflectionResponse> answers = reflectV1(List.of(
        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build(),
        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
            .setFileContainingSymbol("ledger.v1.CommandService").build(),
        io.grpc.reflection.v1.ServerReflectionRequest.newBuilder()
            .setFileContainingSymbol("ledger.v1.QueryService.GetBalance").build()));

    assertThat(answers.get(0).getListServicesResponse().getServiceList())
        .extracting(io.grpc.reflection.v1.ServiceResponse::getName)
        .contains("ledger.v1.CommandService", "ledger.v1.QueryService", "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
    FileDescriptor commands = build(answers.get(1).getFileDescriptorResponse().getFileDescriptorProtoList(),
        "ledger/v1/command_service.proto", new HashMap<>());
    assertThat(commands.findServiceByName("CommandService").getMethods())
        .extracting(m -> m.getName()).contains("OpenAccount", "Deposit", "Withdraw");
    assertThat(answers.get(2).getFileDescriptorResponse().getFileDescriptorProtoList()).isNotEmpty();
  }

  @Test
  void reflection_v1alpha_answers_as_ghz_asks() throws Exception {
    var stub = io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(fixture.channel);
    LinkedBlockingQueue<io.grpc.reflection.v1alpha.ServerReflectionResponse> answers = new LinkedBlockingQueue<>();
    StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests = stub.serverReflectionInfo(
        collector(answers));
    requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("ledger.v1.DepositRequest").build());
    requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("no.such.Symbol").build());

    var list = answers.poll(10, TimeUnit.SECONDS);
    var file = answers.poll(10, TimeUnit.SECONDS);
    var missing = answers.poll(10, TimeUnit.SECONDS);
    requests.onCompleted();

    assertThat(list.getListServicesResponse().getServiceList()).extracting(s -> s.getName())
        .contains("ledger.v1.CommandService", "ledger.v1.QueryService");
    assertThat(FileDescriptorProto.parseFrom(file.getFileDescriptorResponse().getFileDescriptorProto(0)).getName())
        .isEqualTo("ledger/v1/command_service.proto");
    assertThat(missing.getErrorResponse().getErrorCode()).isEqualTo(io.grpc.Status.Code.NOT_FOUND.value());
  }

  @Test
  void http_health_and_metrics_answer() throws Exception {
    await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId("ops-open").setAccountId("ops").setCurrency("USD").build()));

    HttpResponse<String> live = fixture.http("/health/live");
    HttpResponse<String> ready = fixture.http("/health/ready");
    HttpResponse<String> metrics = fixture.http("/metrics");

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"postgresql\":\"UP\"", "\"redis\":\"UP\"",
        "\"details\":{\"degraded_accounts\":0}");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("ledger_rpc_server_seconds_count{code=\"OK\",method=\"OpenAccount\"}",
        "ledger_projection_lag_seconds_bucket", "vertx_pool_in_use", "jvm_memory_used_bytes",
        "ledger_append_batch_commands_count", "ledger_append_batch_wait_seconds_bucket", "ledger_command_conflicts_total",
        "ledger_command_aborted_total", "ledger_projection_head_position", "ledger_projection_checkpoint_position",
        "ledger_query_token_waiters", "ledger_query_streams", "ledger_projection_degraded_accounts",
        "ledger_projection_unreadable_events_total", "ledger_query_stream_queued", "ledger_query_streams_closing",
        "ledger_query_streams_too_slow_total{outcome=\"delivered\"}",
        "ledger_query_streams_too_slow_total{outcome=\"undelivered\"}");
    assertThat(fixture.http("/nothing-here").statusCode()).isEqualTo(404);
  }

  private static List<io.grpc.reflection.v1.ServerReflectionResponse> reflectV1(
      List<io.grpc.reflection.v1.ServerReflectionRequest> asks) throws InterruptedException {
    var stub = io.grpc.reflection.v1.ServerReflectionGrpc.newStub(fixture.channel);
    LinkedBlockingQueue<io.grpc.reflection.v1.ServerReflectionResponse> answers = new LinkedBlockingQueue<>();
    StreamObserver<io.grpc.reflection.v1.ServerReflectionRequest> requests = stub.serverReflectionInfo(
        collector(answers));
    List<io.grpc.reflection.v1.ServerReflectionResponse> received = new ArrayList<>();
    for (var ask : asks) {
      requests.onNext(ask);
      received.add(answers.poll(10, TimeUnit.SECONDS));
    }
    requests.onCompleted();
    return received;
  }

  /** Builds a file from the protos a reflection answer carried, its dependencies first. */
  private static FileDescriptor build(List<ByteString> protos, String name, Map<String, FileDescriptor> built)
      throws Exception {
    Map<String, FileDescriptorProto> byName = new HashMap<>();
    for (ByteString bytes : protos) {
      FileDescriptorProto proto = FileDescriptorProto.parseFrom(bytes);
      byName.put(proto.getName(), proto);
    }
    return build(byName, name, built);
  }

  private static FileDescriptor build(Map<String, FileDescriptorProto> protos, String name,
                                      Map<String, FileDescriptor> built) throws Exception {
    if (built.containsKey(name)) {
      return built.get(name);
    }
    FileDescriptorProto proto = protos.get(name);
    assertThat(proto).as("reflection sent " + name).isNotNull();
    List<FileDescriptor> deps = new ArrayList<>();
    for (String dependency : proto.getDependencyList()) {
      deps.add(build(protos, dependency, built));
    }
    FileDescriptor file = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
    built.put(name, file);
    return file;
  }

  private static <T> StreamObserver<T> collector(LinkedBlockingQueue<T> into) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        into.add(value);
      }

      @Override
      public void onError(Throwable t) {
      }

      @Override
      public void onCompleted() {
      }
    };
  }
}

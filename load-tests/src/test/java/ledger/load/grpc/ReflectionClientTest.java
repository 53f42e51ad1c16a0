package ledger.load.grpc;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vertx.core.Vertx;
import io.vertx.grpc.client.GrpcClient;
import ledger.app.client.GrpcCalls;
import ledger.load.FakeLedger;
import ledger.load.config.CallName;
import org.junit.jupiter.api.Test;

class ReflectionClientTest {

  private static MethodTarget resolve(FakeLedger ledger, String call) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      GrpcClient client = GrpcClient.client(vertx);
      return await(new ReflectionClient(client, GrpcCalls.parseTarget(ledger.host()), Duration.ofSeconds(5))
          .method(CallName.parse(call)), Duration.ofSeconds(10));
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void builds_the_method_with_its_imports_from_the_servers_descriptors() throws Exception {
    try (FakeLedger ledger = FakeLedger.start()) {
      MethodTarget m = resolve(ledger, "ledger.v1.QueryService/GetBalanceAt");
      assertThat(m.fullMethodName()).isEqualTo("ledger.v1.QueryService/GetBalanceAt");
      assertThat(m.input().findFieldByName("as_of").getMessageType().getFullName())
          .isEqualTo("google.protobuf.Timestamp");
      assertThat(m.output().getFullName()).isEqualTo("ledger.v1.Balance");
      assertThat(m.serverStreaming()).isFalse();
      assertThat(resolve(ledger, "ledger.v1.QueryService.StreamBalance").serverStreaming()).isTrue();
    }
  }

  @Test
  void falls_back_to_v1alpha_when_the_server_has_no_v1() throws Exception {
    try (FakeLedger ledger = FakeLedger.startWithV1AlphaOnly()) {
      MethodTarget m = resolve(ledger, "ledger.v1.CommandService.Deposit");
      assertThat(m.input().getFullName()).isEqualTo("ledger.v1.DepositRequest");
      assertThat(m.info().serviceName()).isEqualTo("CommandService");
      assertThat(m.info().inputName()).isEqualTo("DepositRequest");
    }
  }
}

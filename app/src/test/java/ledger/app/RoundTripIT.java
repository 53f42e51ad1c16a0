package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;

import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.vertx.grpc.common.GrpcStatus;
import ledger.app.client.GrpcCallException;
import ledger.v1.AccountStatus;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.WithdrawRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Command → PostgreSQL → projection → Redis → tokened read, through a whole process, with both kinds of client. */
class RoundTripIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  @Test
  void on_linux_the_server_does_its_network_io_through_netty_native_epoll() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64")),
        "the native transport is shipped for Linux x86_64 and aarch64");
    assertThat(fixture.server.vertx().isNativeTransportEnabled())
        .as("native transport: %s", fixture.server.vertx().unavailableNativeTransportCause()).isTrue();
  }

  @Test
  void a_write_read_with_its_token_through_the_vertx_client_shows_the_write() {
    await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId("vx-open").setAccountId("vx-acc").setCurrency("USD").build()));
    await(fixture.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId("vx-dep").setAccountId("vx-acc").setAmountMinor(2500).setCurrency("USD").build()));
    CommandResult withdrawn = await(fixture.vertxClient.unary(CommandServiceGrpcClient.Withdraw,
        WithdrawRequest.newBuilder().setCommandId("vx-wd").setAccountId("vx-acc").setAmountMinor(500)
            .setCurrency("USD").build()));

    Balance balance = await(fixture.vertxClient.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
        .setAccountId("vx-acc").setConsistencyToken(withdrawn.getConsistencyToken()).build()));

    assertThat(balance.getBalanceMinor()).isEqualTo(2000);
    assertThat(balance.getCurrency()).isEqualTo("USD");
    assertThat(balance.getStatus()).isEqualTo(AccountStatus.OPEN);
    assertThat(balance.getVersion()).isEqualTo(3);
    assertThat(balance.getGlobalPosition()).isEqualTo(withdrawn.getGlobalPosition());
    assertThat(balance.getUpdatedAt().getSeconds()).isPositive();
  }

  @Test
  void a_write_read_with_its_token_through_grpc_java_shows_the_write() {
    CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(fixture.channel);
    QueryServiceGrpc.QueryServiceBlockingStub queries = QueryServiceGrpc.newBlockingStub(fixture.channel);
    commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("gj-open").setAccountId("gj-acc")
        .setCurrency("JPY").setOverdraftLimitMinor(100).build());
    CommandResult deposited = commands.deposit(DepositRequest.newBuilder().setCommandId("gj-dep")
        .setAccountId("gj-acc").setAmountMinor(700).setCurrency("JPY").build());

    Balance balance = queries.getBalance(GetBalanceRequest.newBuilder().setAccountId("gj-acc")
        .setConsistencyToken(deposited.getConsistencyToken()).build());

    assertThat(deposited.getVersionsList()).singleElement()
        .satisfies(v -> assertThat(v.getVersion()).isEqualTo(2));
    assertThat(balance.getBalanceMinor()).isEqualTo(700);
    assertThat(balance.getOverdraftLimitMinor()).isEqualTo(100);
    assertThat(balance.getVersion()).isEqualTo(2);
  }

  @Test
  void refusals_carry_a_reason_both_clients_can_read() {
    CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(fixture.channel);
    commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("poor-open").setAccountId("poor")
        .setCurrency("EUR").build());
    WithdrawRequest overdraw = WithdrawRequest.newBuilder().setCommandId("poor-wd").setAccountId("poor")
        .setAmountMinor(1).setCurrency("EUR").build();

    assertThatThrownBy(() -> commands.withdraw(overdraw)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      com.google.rpc.Status status = StatusProto.fromThrowable(e);
      assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
      assertThat(e.getStatus().getDescription()).contains("poor");
      assertThat(status.getDetails(0).is(ErrorInfo.class)).isTrue();
    });
    assertThatThrownBy(() -> await(fixture.vertxClient.unary(CommandServiceGrpcClient.Withdraw, overdraw)))
        .isInstanceOfSatisfying(GrpcCallException.class, e -> {
          assertThat(e.status()).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
          assertThat(e.reason()).isEqualTo("INSUFFICIENT_FUNDS");
          assertThat(e.metadata()).containsEntry("available_minor", "0");
        });
  }
}

package ledger.bench.ceiling;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import ledger.app.client.GrpcCallException;
import ledger.app.client.GrpcCalls;
import ledger.load.config.GhzConfigParser;
import ledger.load.grpc.Connections;
import ledger.load.grpc.TypedCalls;
import ledger.load.runner.LoadRunner;
import ledger.load.runner.RunResult;
import ledger.v1.Balance;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.QueryServiceGrpcClient;
import org.junit.jupiter.api.Test;

/** The gRPC ceiling server answers GetBalance with its constant, and the runner finds it through reflection. */
class CeilingServerTest {

  @Test
  void answers_get_balance_with_the_constant_and_nothing_else() {
    try (CeilingServer server = CeilingServer.start("127.0.0.1", 0, 2)) {
      Vertx vertx = Vertx.vertx();
      try (Connections connections = Connections.open(vertx, 1, Duration.ofSeconds(5))) {
        TypedCalls calls = new TypedCalls(GrpcCalls.parseTarget("127.0.0.1:" + server.port()), Duration.ofSeconds(5));
        Balance balance = await(calls.unary(connections.get(0), QueryServiceGrpcClient.GetBalance,
            GetBalanceRequest.newBuilder().setAccountId("acc-7").build()));
        assertThat(balance).isEqualTo(CeilingEndpoint.BALANCE);
        assertThatThrownBy(() -> await(calls.unary(connections.get(0), QueryServiceGrpcClient.GetHistory,
            GetHistoryRequest.newBuilder().setAccountId("acc-7").build())))
            .isInstanceOfSatisfying(GrpcCallException.class, e -> assertThat(e.status()).isEqualTo(GrpcStatus.UNIMPLEMENTED));
      } finally {
        await(vertx.close());
      }
    }
  }

  @Test
  void the_runner_plays_the_suites_balance_config_against_it_over_reflection() {
    try (CeilingServer server = CeilingServer.start("127.0.0.1", 0, 2)) {
      RunResult r = new LoadRunner(null).run(GhzConfigParser.parse(java.nio.file.Path.of(System.getProperty("ghz.dir", "../load-tests/ghz"), "suite", "balance-10k.json"))
          .with(new ledger.load.config.Overrides("127.0.0.1:" + server.port(), 4, 2, 300L, null, null, null, null, null)));
      assertThat(r.count()).isEqualTo(300);
      assertThat(r.ok()).isEqualTo(300);
    }
  }
}

package ledger.bench.ceiling;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClientRequest;
import ledger.app.client.GrpcCalls;
import ledger.load.grpc.Connections;
import ledger.load.grpc.Connections.Connection;
import ledger.load.grpc.TypedCalls;
import ledger.load.runner.RunResult;
import ledger.load.scenario.StreamLagScenario;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.Test;

/** The stream ceiling: a Deposit reaches every stream open on its account, in order; the stream-lag runner against it. */
class CeilingStreamsTest {

  @Test
  void a_deposit_reaches_every_stream_open_on_its_account_once_in_order_and_a_cancelled_stream_is_dropped() {
    try (CeilingServer server = CeilingServer.start("127.0.0.1", 0, 2)) {
      Vertx vertx = Vertx.vertx();
      SocketAddress target = GrpcCalls.parseTarget("127.0.0.1:" + server.port());
      try (Connections connections = Connections.open(vertx, 2, Duration.ofSeconds(5))) {
        TypedCalls calls = new TypedCalls(target, Duration.ofSeconds(5));
        // one stream on each connection, so the two are served by different event loops
        Watched first = watch(connections.get(0), target, "acc-s");
        Watched second = watch(connections.get(1), target, "acc-s");
        Watched other = watch(connections.get(0), target, "acc-t");
        await(Future.all(first.opened, second.opened, other.opened));
        for (long amount = 1; amount <= 20; amount++) {
          CommandResult result = await(calls.unary(connections.get((int) (amount % 2)), CommandServiceGrpcClient.Deposit,
              DepositRequest.newBuilder().setCommandId("c" + amount).setAccountId("acc-s").setAmountMinor(amount)
                  .setCurrency("USD").build()));
          assertThat(result.getVersions(0).getVersion()).isEqualTo(1 + amount);
        }
        for (Watched w : List.of(first, second)) {
          eventually(() -> assertThat(w.updates).hasSize(21));
          assertThat(w.updates.get(0).getBalance().getVersion()).isEqualTo(1);
          assertThat(w.updates.get(0).getEventType()).isEmpty();
          for (int i = 1; i <= 20; i++) {
            assertThat(w.updates.get(i).getBalance().getVersion()).isEqualTo(1 + i);
            assertThat(w.updates.get(i).getDeltaMinor()).isEqualTo(i);
            assertThat(w.updates.get(i).getEventType()).isEqualTo("MoneyDeposited");
          }
          assertThat(w.updates.get(20).getBalance().getBalanceMinor()).isEqualTo(210);
        }
        assertThat(other.updates).hasSize(1);
        assertThat(server.openStreams()).isEqualTo(3);
        connections.get(1).context().runOnContext(v -> second.request.cancel());
        eventually(() -> assertThat(server.openStreams()).isEqualTo(2));
      } finally {
        await(vertx.close());
      }
    }
  }

  @Test
  void the_stream_lag_runner_multiplexes_its_streams_and_measures_delivery_and_memory_against_it() {
    try (CeilingServer server = CeilingServer.start("127.0.0.1", 0, 2)) {
      long self = ProcessHandle.current().pid();
      RunResult r = new StreamLagScenario(new StreamLagScenario.Options("ceiling-lag", "127.0.0.1:" + server.port(),
          50, 100, Duration.ofSeconds(2), "cl-", "USD", Duration.ofSeconds(10), Duration.ofSeconds(5), 2, self)).run();
      assertThat(r.statuses()).containsOnly(entry("OK", 200L));
      assertThat(r.counters()).containsEntry("stream updates received", 200L)
          .containsEntry("version gaps or repeats", 0L).containsEntry("streams that ended early", 0L)
          .containsEntry("updates not from this run", 0L);
      assertThat(r.extra().get("from the Deposit's answer to its message (0 when the message came first)")
          .getTotalCount()).isEqualTo(200);
      assertThat(r.settings().getInteger("connections")).isEqualTo(2);
      assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("50 streams over 2 connections"));
      assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("server process " + self + ", after a full GC")
          .contains("KiB per stream"));
      // the runner cancels its streams at the end
      eventually(() -> assertThat(server.openStreams()).isZero());
    }
  }

  private static Watched watch(Connection connection, SocketAddress target, String account) {
    Watched w = new Watched();
    connection.context().runOnContext(v -> connection.client().request(target, QueryServiceGrpcClient.StreamBalance)
        .compose(req -> {
          w.request = req;
          return req.send(StreamBalanceRequest.newBuilder().setAccountId(account).build());
        })
        .onFailure(w.first::tryFail)
        .onSuccess(response -> response.handler(update -> {
          w.updates.add(update);
          w.first.tryComplete();
        })));
    w.opened = w.first.future();
    return w;
  }

  private static final class Watched {
    final Promise<Void> first = Promise.promise();
    final List<BalanceUpdate> updates = new CopyOnWriteArrayList<>();
    volatile GrpcClientRequest<StreamBalanceRequest, BalanceUpdate> request;
    Future<Void> opened;
  }
}

package ledger.load.grpc;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

class ConnectionsTest {

  @Test
  void each_connection_has_a_client_and_a_context_of_its_own_spread_over_the_event_loops() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try (Connections connections = Connections.open(vertx, 4, Duration.ofSeconds(1))) {
      assertThat(connections.size()).isEqualTo(4);
      assertThat(connections.all().stream().map(Connections.Connection::client).distinct()).hasSize(4);
      assertThat(connections.all().stream().map(Connections.Connection::context).distinct()).hasSize(4);
      List<Future<String>> threads = connections.all().stream().map(c -> {
        Promise<String> name = Promise.promise();
        c.context().runOnContext(v -> name.complete(Thread.currentThread().getName()));
        return name.future();
      }).toList();
      await(Future.all(threads), Duration.ofSeconds(5));
      assertThat(threads.stream().map(Future::result).distinct()).hasSize(2);
    } finally {
      await(vertx.close());
    }
  }
}

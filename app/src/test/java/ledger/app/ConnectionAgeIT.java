package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import ledger.app.server.ConnectionSettings;
import ledger.testkit.GrpcJava;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --max-connection-age-ms: a connection that old is sent GOAWAY, so clients reconnect (and, behind
 * a Service, spread again over the instances); a grpc-java channel does so without failing a call.
 */
class ConnectionAgeIT {

  private static final Duration AGE = Duration.ofMillis(1000);

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withOperations(config.operations()
      .withConnections(new ConnectionSettings(Duration.ofSeconds(60), Duration.ofSeconds(20), AGE,
          Duration.ofSeconds(2)))));

  @Test
  void a_connection_at_its_maximum_age_is_sent_goaway() {
    AtomicInteger goAways = new AtomicInteger();
    var client = fixture.clientVertx.httpClientBuilder()
        .with(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false))
        .with(new PoolOptions().setHttp2MaxSize(1))
        .withConnectHandler(connection -> connection.goAwayHandler(goAway -> goAways.incrementAndGet()))
        .build();
    try {
      long started = System.nanoTime();
      await(client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
          .setPort(fixture.grpcPort).setURI("/")).compose(request -> request.send()));
      until("a GOAWAY", Duration.ofSeconds(10), goAways::get, n -> n >= 1);
      assertThat((System.nanoTime() - started) / 1_000_000).as("ms until the GOAWAY")
          .isGreaterThanOrEqualTo((long) (AGE.toMillis() * (1 - ConnectionSettings.AGE_JITTER)) - 50);
    } finally {
      client.close();
    }
  }

  @Test
  void a_grpc_java_channel_reconnects_after_each_goaway_and_no_call_fails() {
    ManagedChannel channel = GrpcJava.channel(fixture.grpcPort);
    try {
      CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(channel);
      commands.withDeadlineAfter(Duration.ofSeconds(10)).openAccount(OpenAccountRequest.newBuilder()
          .setCommandId("open-aged").setAccountId("aged").setCurrency("EUR").build());
      AtomicInteger leftReady = new AtomicInteger();
      watchReady(channel, leftReady);
      List<StatusRuntimeException> failures = new ArrayList<>();
      int calls = 0;
      // Calls keep going until the channel has lost its connection to ageing at least three times.
      while (leftReady.get() < 3) {
        if (calls > 20_000) {
          throw new AssertionError("the connection was not aged: " + leftReady.get() + " reconnects");
        }
        try {
          commands.withDeadlineAfter(Duration.ofSeconds(10)).deposit(DepositRequest.newBuilder()
              .setCommandId("aged-" + calls).setAccountId("aged").setAmountMinor(1).setCurrency("EUR").build());
        } catch (StatusRuntimeException e) {
          failures.add(e);
        }
        calls++;
      }
      System.out.printf("ConnectionAgeIT: %d calls across %d GOAWAYs%n", calls, leftReady.get());
      assertThat(failures).as("calls that failed across %d GOAWAYs (%d calls)", leftReady.get(), calls).isEmpty();
    } finally {
      GrpcJava.close(channel);
    }
  }

  /** Counts each time the channel leaves READY: its connection went away (GOAWAY), and the next call reconnects. */
  private static void watchReady(ManagedChannel channel, AtomicInteger leftReady) {
    ConnectivityState now = channel.getState(false);
    channel.notifyWhenStateChanged(now, () -> {
      if (now == ConnectivityState.READY) {
        leftReady.incrementAndGet();
      }
      watchReady(channel, leftReady);
    });
  }
}

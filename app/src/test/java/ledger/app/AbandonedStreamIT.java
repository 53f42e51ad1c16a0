package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import ledger.app.server.ConnectionSettings;
import ledger.testkit.GrpcJava;
import ledger.testkit.TcpRelay;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that vanishes without a FIN or a RST (its phone lost the network, a NAT forgot the flow):
 * its quiet balance streams are reclaimed by the server's keepalive within --keepalive-time-ms +
 * --keepalive-timeout-ms, and nothing else is needed for it.
 */
class AbandonedStreamIT {

  private static final Duration KEEPALIVE = Duration.ofMillis(300);
  private static final Duration TIMEOUT = Duration.ofMillis(700);
  private static final int STREAMS = 20;

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withOperations(config.operations()
      .withConnections(new ConnectionSettings(KEEPALIVE, TIMEOUT, Duration.ZERO, Duration.ofSeconds(1)))));

  private final StreamMetrics metrics = new StreamMetrics(fixture);

  @Test
  void quiet_streams_of_a_client_that_vanished_without_a_reset_are_reclaimed_within_keepalive_plus_timeout() {
    await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId("quiet-open").setAccountId("quiet").setCurrency("USD").build()));
    TcpRelay relay = TcpRelay.to(fixture.clientVertx, "127.0.0.1", fixture.grpcPort);
    ManagedChannel channel = GrpcJava.channel(relay.port());
    AtomicInteger firstMessages = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    try {
      for (int i = 0; i < STREAMS; i++) {
        QueryServiceGrpc.newStub(channel).streamBalance(StreamBalanceRequest.newBuilder().setAccountId("quiet").build(),
            new StreamObserver<BalanceUpdate>() {
              @Override
              public void onNext(BalanceUpdate update) {
                firstMessages.incrementAndGet();
              }

              @Override
              public void onError(Throwable t) {
                ended.incrementAndGet();
              }

              @Override
              public void onCompleted() {
                ended.incrementAndGet();
              }
            });
      }
      until("every stream's first message", Duration.ofSeconds(20), firstMessages::get, n -> n == STREAMS);
      // Quiet streams on a connection that answers its PINGs stay open past several keepalive rounds.
      long quietSince = System.nanoTime();
      until("three keepalive rounds", Duration.ofSeconds(10), () -> System.nanoTime() - quietSince,
          nanos -> nanos >= KEEPALIVE.multipliedBy(3).toNanos());
      assertThat(metrics.open()).as("open streams on an answering connection").isEqualTo(STREAMS);

      ServerLog log = ServerLog.capture();
      try {
        assertThat(relay.blackhole()).as("connections blackholed").isEqualTo(1);
        long vanished = System.nanoTime();
        until("the server's open streams drop to zero", Duration.ofSeconds(20), metrics::open, n -> n == 0);
        long reclaimedAfter = (System.nanoTime() - vanished) / 1_000_000;
        System.out.printf("AbandonedStreamIT: %d quiet streams reclaimed %d ms after the client vanished "
            + "(keepalive %d ms + timeout %d ms)%n", STREAMS, reclaimedAfter, KEEPALIVE.toMillis(), TIMEOUT.toMillis());
        // What reclaimed them: the server closed the connection for an unanswered PING (no FIN or RST reached it).
        assertThat(log.matching(event -> event.getFormattedMessage().contains("no answer to a keepalive PING")))
            .as("connections closed for an unanswered keepalive PING").hasSize(1);
        // The PING given up may have gone just before the blackhole, its ACK lost in the relay; with ACKs back
        // within a keepalive time (a loopback round trip), that is no sooner than the timeout less a keepalive
        // time. No upper bound but the wait's.
        assertThat(reclaimedAfter).as("ms until reclaimed")
            .isGreaterThanOrEqualTo(TIMEOUT.minus(KEEPALIVE).toMillis());
      } finally {
        log.close();
      }
      assertThat(ended.get()).as("the vanished client heard nothing").isZero();
    } finally {
      GrpcJava.close(channel);
      relay.close();
    }
  }
}

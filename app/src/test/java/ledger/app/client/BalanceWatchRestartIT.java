package ledger.app.client;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;

import io.grpc.ManagedChannel;
import ledger.app.server.LedgerServer;
import ledger.app.server.ServerConfig;
import ledger.client.Backoff;
import ledger.client.BalanceWatch;
import ledger.testkit.GrpcJava;
import ledger.testkit.TestInfra;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import org.junit.jupiter.api.Test;

/**
 * A ledger stopped and started again on the same port and store under a running BalanceWatch:
 * the stop ends the stream UNAVAILABLE SHUTTING_DOWN, the watch retries until the server is
 * back and goes on from the version after the last it received; a watch that had received
 * nothing yet starts again from the version it first asked for.
 */
class BalanceWatchRestartIT {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  @Test
  void a_watch_resumes_across_a_server_restart_with_every_version_once() {
    int grpcPort = TestInfra.freePort();
    ServerConfig config = ServerConfig.defaults()
        .withEndpoints("127.0.0.1", grpcPort, TestInfra.freePort())
        .withStorage(Path.of("target", "unused-data"), TestInfra.pgUrl(TestInfra.freshDatabase("BalanceWatchRestartIT")),
            TestInfra.redisUrl(), TestInfra.freshPrefix("BalanceWatchRestartIT"))
        .withSizing(2, 4, 4)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    LedgerServer server = LedgerServer.start(config);
    ManagedChannel channel = GrpcJava.channel(grpcPort);
    commands(channel).openAccount(OpenAccountRequest.newBuilder().setCommandId("open").setAccountId("restart")
        .setCurrency("EUR").build());
    RecordingListener heard = new RecordingListener();
    RecordingListener early = new RecordingListener();
    Backoff quick = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 2.0, 0.5);
    try (BalanceWatch watch = BalanceWatch.of(channel, "restart").backoff(quick).start(heard);
         BalanceWatch waiting = BalanceWatch.of(channel, "restart").fromVersion(6).backoff(quick).start(early)) {
      until("the first message, the current state", LIMIT, heard::versions, v -> !v.isEmpty());
      deposit(channel, "before-1", 100);
      deposit(channel, "before-2", 200);
      until("version 3 before the stop", LIMIT, heard::lastVersion, v -> v == 3);

      server.close();
      until("the stop's disconnect", LIMIT, heard::disconnects, d -> !d.isEmpty());
      server = LedgerServer.start(config);
      deposit(channel, "after-1", 300);
      deposit(channel, "after-2", 400);
      until("version 5 after the restart", LIMIT, heard::lastVersion, v -> v == 5);
      assertThat(early.versions()).as("the watch from version 6, before version 6").isEmpty();
      deposit(channel, "after-3", 500);
      until("version 6 after the restart", LIMIT, heard::lastVersion, v -> v == 6);
      until("version 6 to the watch that waited for it", LIMIT, early::lastVersion, v -> v == 6);

      assertThat(heard.versions()).as("every version once, in order")
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
      assertThat(heard.endings()).as("how the calls ended").containsKey("UNAVAILABLE SHUTTING_DOWN");
      assertThat(heard.resumedFromAgainstLastSeen()).allMatch(pair -> pair.get(0).equals(pair.get(1)));
      assertThat(heard.updates().get(heard.updates().size() - 1).getBalance().getBalanceMinor()).isEqualTo(1500);
      assertThat(early.versions()).as("the watch that had received nothing when the server stopped").containsExactly(6L);
      assertThat(early.resumes()).as("each of its resumes asked for version 6 again, as first asked").isNotEmpty()
          .allMatch(request -> request.hasFromVersion() && request.getFromVersion() == 6);
      assertThat(early.updates().get(0).getDeltaMinor()).isEqualTo(500);
      System.out.printf("BalanceWatchRestartIT: endings %s, %d resumes; the waiting watch's %s, %d resumes%n",
          heard.endings(), heard.resumes().size(), early.endings(), early.resumes().size());
    } finally {
      server.close();
      GrpcJava.close(channel);
    }
  }

  private static CommandServiceGrpc.CommandServiceBlockingStub commands(ManagedChannel channel) {
    return CommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(LIMIT);
  }

  private static void deposit(ManagedChannel channel, String commandId, long amountMinor) {
    commands(channel).withWaitForReady().deposit(DepositRequest.newBuilder().setCommandId(commandId)
        .setAccountId("restart").setAmountMinor(amountMinor).setCurrency("EUR").build());
  }
}

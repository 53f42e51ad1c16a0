package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ledger.app.server.Role;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import ledger.v1.VerifyProjectionRequest;
import ledger.v1.VerifyProjectionUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Server streams that end a moment after they start (an account's rebuild, an audit of one
 * account), called through the CLI's Vert.x client from many plain threads at once, all end.
 * Named after a flake of PartitionedAdminIT: a rebuild stream never completed for its caller,
 * because the client drops the messages and the end of a response no handler listens to yet, and
 * the handlers were attached by a listener the calling thread added after the request had gone.
 */
class ShortServerStreamsIT {

  private static final int THREADS = 8;
  private static final int CALLS_PER_THREAD = 40;
  private static final long CALL_WAIT_SECONDS = 30;

  @RegisterExtension
  static final ServerFixture ledger = new ServerFixture(EnumSet.of(Role.COMMAND, Role.PROJECTION), 2);

  @Test
  void rebuild_stream_ending_before_its_caller_listens_still_ends_for_it() throws InterruptedException {
    await(ledger.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId("short-open").setAccountId("short").setCurrency("USD").build()));
    await(ledger.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId("short-d").setAccountId("short").setAmountMinor(700).setCurrency("USD").build()));
    ConcurrentLinkedQueue<String> unended = new ConcurrentLinkedQueue<>();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      Thread caller = new Thread(() -> {
        for (int call = 0; call < CALLS_PER_THREAD; call++) {
          String which = "call " + call + " of thread " + thread;
          if ((thread + call) % 2 == 0) {
            List<RebuildProgress> progress = new CopyOnWriteArrayList<>();
            if (!ended(ledger.vertxClient.serverStream(AdminServiceGrpcClient.RebuildProjection,
                RebuildProjectionRequest.newBuilder().setAccountId("short").build(), progress::add))
                || progress.isEmpty() || progress.get(progress.size() - 1).getPhase() != RebuildProgress.Phase.DONE) {
              unended.add("rebuild, " + which + ": " + progress);
            }
          } else {
            List<VerifyProjectionUpdate> updates = new CopyOnWriteArrayList<>();
            if (!ended(ledger.vertxClient.serverStream(AdminServiceGrpcClient.VerifyProjection,
                VerifyProjectionRequest.newBuilder().setAccountId("short").build(), updates::add))
                || updates.size() != 1 || updates.get(0).getSummary().getDifferences() != 0) {
              unended.add("verify, " + which + ": " + updates);
            }
          }
        }
      }, "caller-" + t);
      caller.start();
      callers.add(caller);
    }
    for (Thread caller : callers) {
      caller.join();
    }
    assertThat(unended).isEmpty();
  }

  private static boolean ended(io.vertx.core.Future<Void> call) {
    try {
      call.toCompletionStage().toCompletableFuture().get(CALL_WAIT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

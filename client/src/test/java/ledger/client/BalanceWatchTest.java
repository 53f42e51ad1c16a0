package ledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import ledger.v1.BalanceUpdate;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A watch never goes silently dead: whatever step throws (a listener call, the scheduler), it
 * stops and says so in onError. Against a real loopback port nobody listens on, so every call
 * ends UNAVAILABLE (connection refused) and the watch goes through disconnect and resume.
 */
class BalanceWatchTest {

  private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(10), 2.0, 0.5);

  private ManagedChannel nobody;

  @BeforeEach
  void channelToAPortNobodyListensOn() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    nobody = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  @AfterEach
  void close() throws InterruptedException {
    nobody.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void a_listener_whose_on_disconnected_throws_ends_the_watch_with_on_error() throws Exception {
    Heard heard = new Heard() {
      @Override
      public void onDisconnected(int attempt, Ending ending, Duration retryIn) {
        super.onDisconnected(attempt, ending, retryIn);
        throw new IllegalStateException("cannot take a disconnect");
      }

      @Override
      public void onError(Ending ending) {
        super.onError(ending);
        throw new IllegalStateException("and onError throws too: it must not escape");
      }
    };
    try (BalanceWatch watch = BalanceWatch.of(nobody, "acc").backoff(QUICK).start(heard)) {
      Ending error = heard.error.get(30, TimeUnit.SECONDS);

      assertThat(error.status().getCode()).isEqualTo(Status.Code.CANCELLED);
      assertThat(error.status().getCause()).hasMessage("cannot take a disconnect");
      assertThat(watch.stopped()).isTrue();
      assertThat(heard.said).containsExactly("disconnected 1", "error");
      assertThat(watch.lastVersion()).isEqualTo(-1);
    }
  }

  @Test
  void a_listener_whose_on_resumed_throws_ends_the_watch_with_on_error() throws Exception {
    Heard heard = new Heard() {
      @Override
      public void onResumed(int attempt, StreamBalanceRequest request) {
        super.onResumed(attempt, request);
        throw new IllegalStateException("cannot take a resume");
      }
    };
    try (BalanceWatch watch = BalanceWatch.of(nobody, "acc").backoff(QUICK).start(heard)) {
      Ending error = heard.error.get(30, TimeUnit.SECONDS);

      assertThat(error.status().getCode()).isEqualTo(Status.Code.CANCELLED);
      assertThat(error.status().getCause()).hasMessage("cannot take a resume");
      assertThat(watch.stopped()).isTrue();
      assertThat(heard.said).containsExactly("disconnected 1", "resumed 1", "error");
    }
  }

  @Test
  void a_scheduler_that_refuses_the_wait_ends_the_watch_with_on_error() throws Exception {
    ScheduledExecutorService shutDown = Executors.newSingleThreadScheduledExecutor();
    shutDown.shutdownNow();
    Heard heard = new Heard();
    try (BalanceWatch watch = BalanceWatch.of(nobody, "acc").backoff(QUICK).scheduler(shutDown).start(heard)) {
      Ending error = heard.error.get(30, TimeUnit.SECONDS);

      assertThat(error.status().getCode()).isEqualTo(Status.Code.CANCELLED);
      assertThat(error.status().getCause()).isInstanceOf(RejectedExecutionException.class);
      assertThat(watch.stopped()).isTrue();
      assertThat(heard.said).containsExactly("disconnected 1", "error");
    }
  }

  /** Records what the watch said, in order; completes {@code error} at the end. */
  private static class Heard implements BalanceListener {
    final List<String> said = new CopyOnWriteArrayList<>();
    final CompletableFuture<Ending> error = new CompletableFuture<>();

    @Override
    public void onUpdate(BalanceUpdate update) {
      said.add("update v" + update.getBalance().getVersion());
    }

    @Override
    public void onDisconnected(int attempt, Ending ending, Duration retryIn) {
      said.add("disconnected " + attempt);
    }

    @Override
    public void onResumed(int attempt, StreamBalanceRequest request) {
      said.add("resumed " + attempt);
    }

    @Override
    public void onError(Ending ending) {
      said.add("error");
      error.complete(ending);
    }
  }
}

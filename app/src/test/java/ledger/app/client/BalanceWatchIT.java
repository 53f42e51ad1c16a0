package ledger.app.client;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import ledger.app.ServerFixture;
import ledger.client.Backoff;
import ledger.client.BalanceWatch;
import ledger.testkit.GrpcJava;
import ledger.testkit.TcpRelay;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * BalanceWatch against a real ledger whose connection a relay cuts again and again while
 * deposits go on: every version reaches the listener once, in order, with its delta.
 */
class BalanceWatchIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  private static final Duration LIMIT = Duration.ofSeconds(30);
  /** Quick resumes so that the test spends its time on changes, not waits; still jittered and growing. */
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(20), Duration.ofMillis(500), 2.0, 0.5);
  private static final int CUTS = 6;

  @Test
  void every_version_arrives_once_in_order_with_its_delta_while_the_connection_is_cut_again_and_again()
      throws Exception {
    open("cut");
    try (TcpRelay relay = TcpRelay.to(fixture.clientVertx, "127.0.0.1", fixture.grpcPort)) {
      ManagedChannel throughRelay = GrpcJava.channel(relay.port());
      RecordingListener heard = new RecordingListener();
      try (BalanceWatch watch = BalanceWatch.of(throughRelay, "cut").backoff(QUICK).start(heard)) {
        until("the first message, the current state", LIMIT, heard::versions, v -> !v.isEmpty());
        assertThat(heard.updates().get(0).getEventType()).as("the first message is a state, not a change").isEmpty();

        Map<Long, Long> amountAt = new ConcurrentHashMap<>();
        AtomicBoolean depositing = new AtomicBoolean(true);
        CompletableFuture<Void> deposits = CompletableFuture.runAsync(() -> {
          for (int i = 1; depositing.get(); i++) {
            long amount = 100 + i;
            amountAt.put(deposit("cut", "cut-" + i, amount).getVersions(0).getVersion(), amount);
          }
        });
        for (int cut = 1; cut <= CUTS; cut++) {
          int resumed = cut - 1;
          // Changes of the resumed call, not ones the cut connection had already delivered to the client.
          until("a resume and three changes after it, before cut " + cut, LIMIT,
              () -> heard.resumes().size() >= resumed && heard.updatesSinceLastResume() >= 3, done -> done);
          assertThat(relay.cutConnectionsThatSent("")).as("connections cut at cut " + cut).isPositive();
        }
        depositing.set(false);
        deposits.get();
        long last = 1 + amountAt.size();
        until("the last deposit's version " + last, LIMIT, heard::lastVersion, v -> v == last);

        assertThat(heard.versions()).as("every version once, in order, across the resumes")
            .containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
        for (BalanceUpdate update : heard.updates().subList(1, heard.updates().size())) {
          long version = update.getBalance().getVersion();
          assertThat(update.getEventType()).as("v" + version).isEqualTo("MoneyDeposited");
          assertThat(update.getDeltaMinor()).as("v" + version + "'s delta").isEqualTo(amountAt.get(version));
        }
        long sum = amountAt.values().stream().mapToLong(Long::longValue).sum();
        assertThat(heard.updates().get(heard.updates().size() - 1).getBalance().getBalanceMinor())
            .as("the last balance is the sum of the deposits").isEqualTo(sum);
        assertThat(heard.disconnects()).as("a disconnect for each cut, each a lost connection").hasSizeGreaterThanOrEqualTo(CUTS)
            .allMatch(ending -> ending.status().getCode() == Status.Code.UNAVAILABLE);
        assertThat(heard.resumedFromAgainstLastSeen()).as("each resume asked for the version after the last received")
            .hasSizeGreaterThanOrEqualTo(CUTS).allMatch(pair -> pair.get(0).equals(pair.get(1)));
        assertThat(heard.error()).isNull();
        System.out.printf("BalanceWatchIT: %d versions across %d cuts; endings %s%n", last, CUTS, heard.endings());
      } finally {
        GrpcJava.close(throughRelay);
      }
    }
  }

  @Test
  void a_watch_of_an_account_that_does_not_exist_stops_with_not_found_and_does_not_retry() {
    RecordingListener heard = new RecordingListener();
    try (BalanceWatch watch = BalanceWatch.of(fixture.channel, "nobody").backoff(QUICK).start(heard)) {
      until("the watch's end", LIMIT, heard::error, e -> e != null);
      assertThat(heard.error().status().getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(heard.error().reason()).isEqualTo("ACCOUNT_NOT_FOUND");
      assertThat(watch.stopped()).isTrue();
      assertThat(heard.disconnects()).as("no retry").isEmpty();
      assertThat(heard.resumes()).isEmpty();
    }
  }

  @Test
  void a_watch_whose_channel_is_shut_down_stops_instead_of_retrying_for_ever() {
    open("shut");
    ManagedChannel own = GrpcJava.channel(fixture.grpcPort);
    RecordingListener heard = new RecordingListener();
    try (BalanceWatch watch = BalanceWatch.of(own, "shut").backoff(QUICK).start(heard)) {
      until("the first message", LIMIT, heard::versions, v -> !v.isEmpty());
      own.shutdownNow();
      until("the watch's end", LIMIT, heard::error, e -> e != null);
      assertThat(watch.stopped()).isTrue();
      assertThat(heard.resumes()).as("no retry on a channel that is gone").isEmpty();
    } finally {
      GrpcJava.close(own);
    }
  }

  @Test
  void a_listener_that_throws_stops_its_watch_with_the_exception_as_the_cause() {
    open("throws");
    java.util.concurrent.atomic.AtomicReference<ledger.client.Ending> error = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();
    try (BalanceWatch watch = BalanceWatch.of(fixture.channel, "throws").backoff(QUICK).start(
        new ledger.client.BalanceListener() {
          @Override
          public void onUpdate(BalanceUpdate update) {
            updates.incrementAndGet();
            throw new IllegalStateException("cannot take v" + update.getBalance().getVersion());
          }

          @Override
          public void onError(ledger.client.Ending ending) {
            error.set(ending);
          }
        })) {
      until("the watch's end", LIMIT, error::get, e -> e != null);
      assertThat(error.get().status().getCode()).isEqualTo(Status.Code.CANCELLED);
      assertThat(error.get().status().getCause()).hasMessage("cannot take v1");
      assertThat(watch.stopped()).isTrue();
      assertThat(updates).hasValue(1);
      assertThat(watch.lastVersion()).as("v1 was refused, not delivered: a restart from lastVersion() + 1 gets it again")
          .isEqualTo(-1);
    }
  }

  private static void open(String account) {
    CommandServiceGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(LIMIT).openAccount(OpenAccountRequest
        .newBuilder().setCommandId("open-" + account).setAccountId(account).setCurrency("EUR").build());
  }

  private static CommandResult deposit(String account, String commandId, long amountMinor) {
    return CommandServiceGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(LIMIT).deposit(DepositRequest
        .newBuilder().setCommandId(commandId).setAccountId(account).setAmountMinor(amountMinor).setCurrency("EUR")
        .build());
  }
}

package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import ledger.grpc.ErrorDetails;
import ledger.testkit.TestInfra;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** StreamBalance: the current state first, then every change in order, none missed, none repeated; resumable. */
@ExtendWith(VertxExtension.class)
class StreamBalanceIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();
  /** How long a watcher may take to see what it waits for, on a busy machine. */
  private static final Duration STREAM_WAIT = Duration.ofSeconds(20);

  @Test
  void a_stream_starts_with_the_current_state_then_sends_every_change_in_order() throws Exception {
    open("live");
    CommandResult first = deposit("live", 1, 100);
    Watcher watcher = Watcher.grpcJava(StreamBalanceRequest.newBuilder().setAccountId("live")
        .setConsistencyToken(first.getConsistencyToken()).build());
    watcher.awaitCount(1);

    for (int i = 2; i <= 40; i++) {
      deposit("live", i, 1);
    }
    watcher.awaitCount(40);

    assertThat(watcher.updates.get(0).getEventType()).as("a state, not a change").isEmpty();
    assertThat(watcher.updates.get(0).getBalance().getVersion()).isEqualTo(2);
    assertThat(watcher.updates).extracting(u -> u.getBalance().getVersion())
        .containsExactlyElementsOf(range(2, 42));
    assertThat(watcher.updates.subList(1, 40)).allSatisfy(u -> {
      assertThat(u.getEventType()).isEqualTo("MoneyDeposited");
      assertThat(u.getDeltaMinor()).isEqualTo(1);
    });
    assertThat(watcher.updates.get(39).getBalance().getBalanceMinor()).isEqualTo(139);
    watcher.cancel();
  }

  @Test
  void a_stream_resumed_from_the_last_version_seen_plus_one_misses_and_repeats_nothing() throws Exception {
    CommandResult opened = open("resume");
    Watcher before = Watcher.grpcJava(StreamBalanceRequest.newBuilder().setAccountId("resume")
        .setConsistencyToken(opened.getConsistencyToken()).build());
    before.awaitCount(1);
    for (int i = 1; i <= 10; i++) {
      deposit("resume", i, 10);
    }
    before.awaitCount(11);
    before.cancel();
    long lastSeen = before.updates.get(before.updates.size() - 1).getBalance().getVersion();
    for (int i = 11; i <= 20; i++) {
      deposit("resume", i, 10);                                     // while nobody watches
    }

    Watcher after = Watcher.grpcJava(StreamBalanceRequest.newBuilder().setAccountId("resume")
        .setFromVersion(lastSeen + 1).build());
    after.awaitCount(10);
    deposit("resume", 21, 10);
    after.awaitCount(11);

    assertThat(after.updates).extracting(u -> u.getBalance().getVersion()).containsExactlyElementsOf(range(12, 23));
    assertThat(after.updates.get(10).getBalance().getBalanceMinor()).isEqualTo(210);
    after.cancel();
  }

  @Test
  void a_stream_from_version_one_replays_the_history_then_goes_on_live_through_the_vertx_client() throws Exception {
    open("replay");
    for (int i = 1; i <= 5; i++) {
      deposit("replay", i, 3);
    }
    List<BalanceUpdate> received = new CopyOnWriteArrayList<>();
    var call = await(io.vertx.grpc.client.GrpcClient.client(fixture.clientVertx)
        .request(io.vertx.core.net.SocketAddress.inetSocketAddress(fixture.grpcPort, "127.0.0.1"),
            QueryServiceGrpcClient.StreamBalance));
    // Handlers are set on the event loop as the response arrives, so no message can come before them.
    await(call.send(StreamBalanceRequest.newBuilder().setAccountId("replay").setFromVersion(1).build())
        .onSuccess(response -> response.handler(received::add)));
    until("the history", STREAM_WAIT, received::size, n -> n == 6);
    deposit("replay", 6, 3);
    until("the live change", STREAM_WAIT, received::size, n -> n == 7);

    assertThat(received).extracting(BalanceUpdate::getEventType).startsWith("AccountOpened", "MoneyDeposited");
    assertThat(received).extracting(u -> u.getBalance().getVersion()).containsExactlyElementsOf(range(1, 8));
    call.connection().close();
  }

  @Test
  void a_lost_feed_subscription_loses_no_change() throws Exception {
    CommandResult opened = open("lost-feed");
    Watcher watcher = Watcher.grpcJava(StreamBalanceRequest.newBuilder().setAccountId("lost-feed")
        .setConsistencyToken(opened.getConsistencyToken()).build());
    watcher.awaitCount(1);
    Redis redis = Redis.createClient(fixture.clientVertx, TestInfra.redisOptions());
    for (int i = 1; i <= 30; i++) {
      if (i % 10 == 0) {
        await(redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub")));
      }
      deposit("lost-feed", i, 1);
    }
    watcher.awaitCount(31);

    assertThat(watcher.updates).extracting(u -> u.getBalance().getVersion()).containsExactlyElementsOf(range(1, 32));
    redis.close();
    watcher.cancel();
  }

  @Test
  void a_slow_watcher_gets_every_change_in_order_from_the_store_when_it_falls_behind() throws Exception {
    CommandResult opened = open("slow");
    Watcher slow = Watcher.grpcJava(StreamBalanceRequest.newBuilder().setAccountId("slow")
        .setConsistencyToken(opened.getConsistencyToken()).build(), Duration.ofMillis(3));
    slow.awaitCount(1);
    for (int i = 1; i <= 300; i++) {
      deposit("slow", i, 1);
    }
    slow.awaitCount(301);

    assertThat(slow.updates).extracting(u -> u.getBalance().getVersion()).containsExactlyElementsOf(range(1, 302));
    slow.cancel();
  }

  @Test
  void bad_requests_end_the_stream_with_a_precise_status(VertxTestContext ended) throws Exception {
    assertThat(Watcher.grpcJava(StreamBalanceRequest.newBuilder().setAccountId("nobody").build()).awaitError())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(Watcher.grpcJava(StreamBalanceRequest.newBuilder().setAccountId("nobody").setFromVersion(3).build())
        .awaitError()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(Watcher.grpcJava(StreamBalanceRequest.newBuilder().setAccountId("bad id").build()).awaitError())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Watcher.grpcJava(StreamBalanceRequest.newBuilder().setAccountId("x").setFromVersion(0).build())
        .awaitError()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Watcher.grpcJava(StreamBalanceRequest.newBuilder().setAccountId("x").setConsistencyToken("junk").build())
        .awaitError()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    GrpcClient.client(fixture.clientVertx)
        .request(SocketAddress.inetSocketAddress(fixture.grpcPort, "127.0.0.1"), QueryServiceGrpcClient.StreamBalance)
        .compose(call -> call.send(StreamBalanceRequest.newBuilder().setAccountId("nobody").build()))
        .onComplete(ended.succeeding(response -> {
          // whichever of the two the client calls when the stream ends with an error status
          Handler<Object> whenEnded = end -> ended.verify(() -> {
            assertThat(response.status()).isEqualTo(GrpcStatus.NOT_FOUND);
            assertThat(ErrorDetails.read(response.trailers(), response.headers()).getReason())
                .isEqualTo("ACCOUNT_NOT_FOUND");
            ended.completeNow();
          });
          response.endHandler(whenEnded::handle).exceptionHandler(whenEnded::handle);
        }));
  }

  private static CommandResult open(String account) {
    return await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId(account + "-open").setAccountId(account).setCurrency("USD").build()));
  }

  private static CommandResult deposit(String account, int n, long amount) {
    return await(fixture.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId(account + "-dep-" + n).setAccountId(account).setAmountMinor(amount).setCurrency("USD").build()));
  }

  private static List<Long> range(long fromInclusive, long toExclusive) {
    return java.util.stream.LongStream.range(fromInclusive, toExclusive).boxed().toList();
  }

  /** A grpc-java watcher that records what it receives, optionally slowly. */
  private static final class Watcher implements StreamObserver<BalanceUpdate> {

    final List<BalanceUpdate> updates = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final CountDownLatch ended = new CountDownLatch(1);
    final Context.CancellableContext context = Context.current().withCancellation();
    private final Duration perMessage;

    private Watcher(Duration perMessage) {
      this.perMessage = perMessage;
    }

    static Watcher grpcJava(StreamBalanceRequest request) {
      return grpcJava(request, Duration.ZERO);
    }

    static Watcher grpcJava(StreamBalanceRequest request, Duration perMessage) {
      Watcher watcher = new Watcher(perMessage);
      watcher.context.run(() -> QueryServiceGrpc.newStub(fixture.channel).streamBalance(request, watcher));
      return watcher;
    }

    @Override
    public void onNext(BalanceUpdate value) {
      updates.add(value);
      if (!perMessage.isZero()) {
        try {
          Thread.sleep(perMessage.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
      ended.countDown();
    }

    @Override
    public void onCompleted() {
      ended.countDown();
    }

    void awaitCount(int count) throws InterruptedException {
      until(count + " updates or an error", STREAM_WAIT, updates::size, n -> n >= count || error.get() != null);
      assertThat(error.get()).as("stream error").isNull();
      assertThat(updates).as("no more than expected").hasSize(count);
    }

    Status.Code awaitError() throws InterruptedException {
      assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
      return Status.fromThrowable(error.get()).getCode();
    }

    void cancel() {
      context.cancel(null);
    }
  }
}

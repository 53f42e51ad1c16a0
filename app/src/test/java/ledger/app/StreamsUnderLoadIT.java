package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import io.grpc.stub.StreamObserver;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import ledger.readmodel.ViewKeys;
import ledger.testkit.TestInfra;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamBalanceRequest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many balance streams watched while every account takes deposits at once and the feed
 * subscription drops now and then, so announcements, catch-ups and store reads interleave:
 * every stream sees every version exactly once, in order. Half the streams start from the
 * current state (grpc-java), half replay from version 1 (Vert.x client).
 */
class StreamsUnderLoadIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  private static final int ACCOUNTS = 30;
  private static final int DEPOSITS = 20;
  private static final int FEED_DROPS = 3;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void every_stream_sees_every_version_once_in_order_under_a_deposit_load_with_the_feed_dropping() {
    List<Watched> streams = new ArrayList<>();
    for (int a = 0; a < ACCOUNTS; a++) {
      String account = "loaded-" + a;
      CommandResult opened = await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount,
          OpenAccountRequest.newBuilder().setCommandId(account + "-open").setAccountId(account).setCurrency("USD")
              .build()));
      streams.add(a % 2 == 0 ? Watched.fromState(account, opened.getConsistencyToken()) : Watched.replayed(account));
    }
    streams.forEach(stream -> stream.awaitCount(1));

    AtomicInteger deposited = new AtomicInteger();
    List<Future<Void>> chains = new ArrayList<>();
    for (int a = 0; a < ACCOUNTS; a++) {
      chains.add(depositInTurn("loaded-" + a, 1, deposited));
    }
    Redis redis = Redis.createClient(fixture.clientVertx, TestInfra.redisOptions());
    try {
      for (int drop = 1; drop <= FEED_DROPS; drop++) {
        int after = drop * ACCOUNTS * DEPOSITS / (FEED_DROPS + 1);
        until(after + " deposits", WAIT, deposited::get, n -> n >= after);
        // Twice in a row: the second resubscribe's catch-ups come while the first one's reads may be in flight.
        for (int twice = 0; twice < 2; twice++) {
          until("the query role listens to the feed", WAIT, () -> subscribers(redis), n -> n == 1);
          await(redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub")));
        }
      }
    } finally {
      redis.close();
    }
    await(Future.all(chains), WAIT);

    List<Long> everyVersion = LongStream.rangeClosed(1, DEPOSITS + 1).boxed().toList();
    streams.forEach(stream -> stream.awaitCount(DEPOSITS + 1));
    SoftAssertions.assertSoftly(softly -> streams.forEach(stream -> softly.assertThat(stream.versions)
        .as(stream.account).containsExactlyElementsOf(everyVersion)));
  }

  private static long subscribers(Redis redis) {
    String feed = new ViewKeys(fixture.keyPrefix).feedChannel();
    return await(redis.send(Request.cmd(Command.PUBSUB).arg("NUMSUB").arg(feed))).get(1).toLong();
  }

  /** Deposits into one account one after another, from the {@code n}th on. */
  private static Future<Void> depositInTurn(String account, int n, AtomicInteger deposited) {
    if (n > DEPOSITS) {
      return Future.succeededFuture();
    }
    return fixture.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
            .setCommandId(account + "-dep-" + n).setAccountId(account).setAmountMinor(n).setCurrency("USD").build())
        .compose(done -> {
          deposited.incrementAndGet();
          return depositInTurn(account, n + 1, deposited);
        });
  }

  /** One watched account: the versions its stream sent, in order. */
  private static final class Watched implements StreamObserver<BalanceUpdate> {

    final String account;
    final List<Long> versions = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Watched(String account) {
      this.account = account;
    }

    static Watched fromState(String account, String token) {
      Watched watched = new Watched(account);
      QueryServiceGrpc.newStub(fixture.channel).streamBalance(StreamBalanceRequest.newBuilder()
          .setAccountId(account).setConsistencyToken(token).build(), watched);
      return watched;
    }

    static Watched replayed(String account) {
      Watched watched = new Watched(account);
      fixture.vertxClient.serverStream(QueryServiceGrpcClient.StreamBalance, StreamBalanceRequest.newBuilder()
              .setAccountId(account).setFromVersion(1).build(), watched::onNext)
          .onComplete(ended -> watched.failure.set(ended.failed() ? ended.cause() : new AssertionError("ended")));
      return watched;
    }

    @Override
    public void onNext(BalanceUpdate update) {
      versions.add(update.getBalance().getVersion());
    }

    @Override
    public void onError(Throwable cause) {
      failure.set(cause);
    }

    @Override
    public void onCompleted() {
      failure.set(new AssertionError("the stream ended"));
    }

    void awaitCount(int count) {
      until(account + ": " + count + " updates or an end", WAIT, versions::size,
          n -> n >= count || failure.get() != null);
      assertThat(failure.get()).as(account + " ended").isNull();
    }
  }
}

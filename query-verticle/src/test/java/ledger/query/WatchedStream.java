package ledger.query;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import ledger.v1.BalanceUpdate;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;

/** A StreamBalance call from the current state on, as grpc-java receives it: what it was sent, in order. */
final class WatchedStream implements StreamObserver<BalanceUpdate> {

  private final List<BalanceUpdate> updates = new CopyOnWriteArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  static WatchedStream start(ManagedChannel channel, String account) {
    WatchedStream watched = new WatchedStream();
    QueryServiceGrpc.newStub(channel).streamBalance(StreamBalanceRequest.newBuilder().setAccountId(account).build(),
        watched);
    return watched;
  }

  List<BalanceUpdate> updates() {
    return List.copyOf(updates);
  }

  List<Long> versions() {
    return updates.stream().map(update -> update.getBalance().getVersion()).toList();
  }

  @Override
  public void onNext(BalanceUpdate update) {
    updates.add(update);
  }

  @Override
  public void onError(Throwable cause) {
    failure.set(cause);
  }

  @Override
  public void onCompleted() {
    failure.set(new AssertionError("the stream ended"));
  }

  /** Waits until the stream has sent {@code version} (or later), or ended; fails if it ended. */
  void awaitVersion(long version, Duration within) {
    until("version " + version + " or an end", within, this::lastVersion,
        last -> last >= version || failure.get() != null);
    assertThat(failure.get()).as("the stream's end").isNull();
  }

  /** Waits until the stream ended; its failure (null if it completed). */
  Throwable awaitEnd(Duration within) {
    until("the stream's end", within, failure::get, ended -> ended != null);
    return failure.get();
  }

  /** Waits until the stream has sent {@code count} messages, or ended; fails if it ended. */
  void awaitAtLeast(int count, Duration within) {
    until(count + " updates or an end", within, updates::size, n -> n >= count || failure.get() != null);
    assertThat(failure.get()).as("the stream's end").isNull();
  }

  private long lastVersion() {
    return updates.isEmpty() ? 0 : updates.get(updates.size() - 1).getBalance().getVersion();
  }
}

package ledger.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import ledger.testkit.GrpcJava;
import ledger.v1.BalanceUpdate;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;

/**
 * A StreamBalance caller that reads at its own pace (grpc-java manual flow control, a few messages
 * every few milliseconds, on a channel with a small HTTP/2 window) and, if told to, stops reading for
 * a while once changes flow. When its stream ends STREAM_TOO_SLOW, CANCELLED (the server's reset) or
 * UNAVAILABLE, it opens it again from the last version it received + 1, as the contract asks; it keeps
 * every version it received, in order, so a test can see that nothing was missed or repeated.
 */
final class PausingReader {

  private static final int WINDOW_BYTES = 1024;
  /** Messages asked for at most at once, every 5 ms: up to 1,000 a second while it reads. */
  private static final int PER_TICK = 5;

  private final String account;
  private final Duration pause;
  private final int pauseAfter;
  private final ScheduledExecutorService clock;
  private final ManagedChannel channel;
  private final List<Long> versions = new ArrayList<>();
  private final Map<String, Integer> endings = new TreeMap<>();
  private volatile long pausedUntil;
  private volatile boolean paused;
  private volatile boolean closed;

  /** Stops reading for {@code pause} once it has received {@code pauseAfter} updates (never with a zero pause). */
  PausingReader(int port, String account, Duration pause, int pauseAfter, ScheduledExecutorService clock) {
    this.account = account;
    this.pause = pause;
    this.pauseAfter = pauseAfter;
    this.clock = clock;
    // A small window for one that pauses, so the server sees it stop soon; grpc-java's own for one that keeps up.
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext();
    this.channel = (pause.isZero() ? builder : builder.flowControlWindow(WINDOW_BYTES)).build();
  }

  void open() {
    StreamBalanceRequest.Builder request = StreamBalanceRequest.newBuilder().setAccountId(account);
    synchronized (this) {
      request.setFromVersion(versions.isEmpty() ? 1 : versions.get(versions.size() - 1) + 1);
    }
    Attempt attempt = new Attempt();
    QueryServiceGrpc.newStub(channel).streamBalance(request.build(), attempt);
    attempt.startReading();
  }

  /** One call; a resumed stream is a new call. */
  private final class Attempt implements ClientResponseObserver<StreamBalanceRequest, BalanceUpdate> {
    private ClientCallStreamObserver<StreamBalanceRequest> call;
    private ScheduledFuture<?> reading;
    private boolean ended;
    /** Messages asked for and not received yet: kept small, so that a pause stops the reading at once. */
    private final AtomicInteger demand = new AtomicInteger();

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamBalanceRequest> requestStream) {
      call = requestStream;
      requestStream.disableAutoRequestWithInitial(0);
    }

    /** Once the stub has started the call: request() before that races with the start inside grpc-java. */
    synchronized void startReading() {
      if (ended) {
        return;
      }
      reading = clock.scheduleAtFixedRate(() -> {
        int more = PER_TICK - demand.get();
        if (System.nanoTime() >= pausedUntil && more > 0) {
          demand.addAndGet(more);
          call.request(more);
        }
      }, 0, 5, TimeUnit.MILLISECONDS);
    }

    private synchronized void stopReading() {
      ended = true;
      if (reading != null) {
        reading.cancel(false);
      }
    }

    @Override
    public void onNext(BalanceUpdate update) {
      demand.decrementAndGet();
      int received;
      synchronized (PausingReader.this) {
        versions.add(update.getBalance().getVersion());
        received = versions.size();
      }
      if (!pause.isZero() && !paused && received >= pauseAfter) {
        paused = true;
        pausedUntil = System.nanoTime() + pause.toNanos();
      }
    }

    @Override
    public void onError(Throwable failure) {
      stopReading();
      Status status = Status.fromThrowable(failure);
      String reason = failure instanceof StatusRuntimeException e ? MoneyClients.reasonOf(e) : null;
      synchronized (PausingReader.this) {
        endings.merge(status.getCode() + (reason == null ? "" : " " + reason), 1, Integer::sum);
      }
      if (!closed && (status.getCode() == Status.Code.RESOURCE_EXHAUSTED || status.getCode() == Status.Code.CANCELLED
          || status.getCode() == Status.Code.UNAVAILABLE)) {
        clock.schedule(PausingReader.this::open, 100, TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void onCompleted() {
      stopReading();
      synchronized (PausingReader.this) {
        endings.merge("completed", 1, Integer::sum);
      }
    }
  }

  String account() {
    return account;
  }

  boolean pauses() {
    return !pause.isZero();
  }

  synchronized long lastVersion() {
    return versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
  }

  synchronized List<Long> versions() {
    return List.copyOf(versions);
  }

  /** How each attempt ended ("RESOURCE_EXHAUSTED STREAM_TOO_SLOW": 1, ...). */
  synchronized Map<String, Integer> endings() {
    return new TreeMap<>(endings);
  }

  void close() {
    closed = true;
    GrpcJava.close(channel);
  }
}

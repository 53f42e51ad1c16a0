package ledger.client;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import ledger.v1.BalanceUpdate;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;

/**
 * StreamBalance that resumes by itself: every change of one account to a {@link BalanceListener},
 * each version once and in order, across disconnects. When a call ends with a resumable status
 * ({@link Resumption}), a new one is opened after a {@link Backoff} wait with {@code from_version}
 * = the last version received + 1, or, when nothing was received yet, with the start first asked
 * for (the same token or {@code from_version}). Any other status goes to
 * {@link BalanceListener#onError} and the watch stops, as it does when its channel was shut down,
 * when any listener call threw, or when its scheduler refused the wait (shut down): a watch never
 * stops without telling {@code onError}, and {@link #stopped()} is then true. To go on after that (a fresh token, say), start a new watch with
 * {@code fromVersion(watch.lastVersion() + 1)}. {@link #close()} cancels the call and
 * stops retrying.
 *
 * <pre>{@code
 * BalanceWatch watch = BalanceWatch.of(channel, "acc-1").afterToken(token).start(listener);
 * ...
 * watch.close();
 * }</pre>
 */
public final class BalanceWatch implements AutoCloseable {

  private final Channel channel;
  private final QueryServiceGrpc.QueryServiceStub stub;
  private final StreamBalanceRequest first;
  private final BalanceListener listener;
  private final Backoff backoff;
  private final ScheduledExecutorService scheduler;
  private final boolean ownScheduler;
  /**
   * Guards the fields below and every call of the listener, so that the listener hears one thing
   * at a time and nothing once {@link #close()} has returned.
   */
  private final Object lock = new Object();
  private boolean closed;
  private volatile long lastVersion = -1;
  private int failures;
  private Attempt current;
  private ScheduledFuture<?> retry;

  private BalanceWatch(Builder builder, BalanceListener listener) {
    this.channel = builder.channel;
    QueryServiceGrpc.QueryServiceStub stub = QueryServiceGrpc.newStub(builder.channel);
    this.stub = builder.credentials == null ? stub : stub.withCallCredentials(builder.credentials);
    StreamBalanceRequest.Builder request = StreamBalanceRequest.newBuilder().setAccountId(builder.accountId);
    if (builder.token != null) {
      request.setConsistencyToken(builder.token);
    }
    if (builder.fromVersion != null) {
      request.setFromVersion(builder.fromVersion);
    }
    this.first = request.build();
    this.listener = Objects.requireNonNull(listener, "listener");
    this.backoff = builder.backoff;
    this.ownScheduler = builder.scheduler == null;
    this.scheduler = ownScheduler ? Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "balance-watch-" + builder.accountId);
      thread.setDaemon(true);
      return thread;
    }) : builder.scheduler;
  }

  /** A watch of {@code accountId} over {@code channel}, to be configured and started. */
  public static Builder of(Channel channel, String accountId) {
    return new Builder(channel, accountId);
  }

  /**
   * The last version delivered to the listener (its {@code onUpdate} returned), or -1 before the
   * first: an update whose {@code onUpdate} threw is not counted, so a new watch from here + 1 gets it again.
   */
  public long lastVersion() {
    return lastVersion;
  }

  /** True once the watch has stopped: closed, or ended by a status it does not resume from. */
  public boolean stopped() {
    synchronized (lock) {
      return closed;
    }
  }

  /** The request the next call sends: the one first asked for until something was received, then the resume. */
  StreamBalanceRequest nextRequest() {
    long last = lastVersion;
    return last < 0 ? first
        : StreamBalanceRequest.newBuilder().setAccountId(first.getAccountId()).setFromVersion(last + 1).build();
  }

  private void open(StreamBalanceRequest request) {
    Attempt attempt = new Attempt();
    synchronized (lock) {
      if (closed) {
        return;
      }
      current = attempt;
      retry = null;
    }
    stub.streamBalance(request, attempt);
    boolean cancel;
    synchronized (lock) {
      // A call may be cancelled only once started: close() leaves one that is not yet to this.
      attempt.started = true;
      cancel = closed;
    }
    if (cancel) {
      attempt.call.cancel("the watch was closed", null);
    }
  }

  /** On the scheduler, after a wait: tells the listener, then opens the next call. */
  private void resume() {
    String step = "the listener's onResumed";
    try {
      StreamBalanceRequest request = nextRequest();
      synchronized (lock) {
        if (closed) {
          return;
        }
        listener.onResumed(failures, request);
      }
      step = "opening the call";
      open(request);
    } catch (RuntimeException failed) {
      // Thrown here it would vanish in the ScheduledFuture, leaving a watch with no call and no retry.
      synchronized (lock) {
        failed(step, failed);
      }
    }
  }

  /** Cancels the call and stops retrying; once it returns, the listener hears nothing more. Idempotent. */
  @Override
  public void close() {
    Attempt open;
    synchronized (lock) {
      if (closed) {
        return;
      }
      stop();
      open = current != null && current.started ? current : null;
      if (retry != null) {
        retry.cancel(false);
      }
    }
    if (open != null) {
      open.call.cancel("the watch was closed", null);
    }
  }

  /** Under the lock. */
  private void stop() {
    closed = true;
    if (ownScheduler) {
      scheduler.shutdownNow();
    }
  }

  /**
   * Under the lock: a step of the watch threw (a listener call, reading an ending, scheduling a
   * retry on a scheduler that was shut down). Stops the watch and tells the listener, so that it
   * never goes silently dead; nothing once the watch is closed (close() may have returned).
   */
  private void failed(String step, RuntimeException failure) {
    if (closed) {
      return;
    }
    stop();
    Attempt open = current;
    current = null;
    if (retry != null) {
      retry.cancel(false);
    }
    if (open != null && open.started) {
      // Not grpc-java's to see: it would cancel the call as CANCELLED, which reads like the server's reset.
      open.call.cancel(step + " failed", failure);
    }
    tellError(new Ending(Status.CANCELLED.withDescription(step + " failed: " + failure).withCause(failure),
        null, Map.of(), null));
  }

  /** Under the lock, the watch stopped: the last thing the listener hears; its exception has nowhere to go. */
  private void tellError(Ending ending) {
    try {
      listener.onError(ending);
    } catch (RuntimeException ignored) {
      // The watch has stopped already; throwing into grpc-java or the scheduler would only hide it.
    }
  }

  /** One call; its callbacks count only while it is the current call of an open watch. */
  private final class Attempt implements ClientResponseObserver<StreamBalanceRequest, BalanceUpdate> {

    private ClientCallStreamObserver<StreamBalanceRequest> call;
    private boolean started;

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamBalanceRequest> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(BalanceUpdate update) {
      synchronized (lock) {
        if (closed || current != this) {
          return;
        }
        try {
          listener.onUpdate(update);
        } catch (RuntimeException failed) {
          // Not delivered: lastVersion stays before it, so fromVersion(lastVersion() + 1) asks for it again.
          failed("the listener's onUpdate", failed);
          return;
        }
        lastVersion = update.getBalance().getVersion();
        failures = 0;
      }
    }

    @Override
    public void onError(Throwable failure) {
      ended(failure);
    }

    @Override
    public void onCompleted() {
      ended(null);
    }

    /** {@code failure} null: the call completed OK. */
    private void ended(Throwable failure) {
      synchronized (lock) {
        if (closed || current != this) {
          return;
        }
        current = null;
        String step = "reading the call's ending";
        try {
          Ending ending = failure == null ? Ending.COMPLETED : Ending.of(failure);
          // A channel its owner has shut down answers every call UNAVAILABLE: retrying it would never end.
          if (!ending.resumable() || channel instanceof ManagedChannel managed && managed.isShutdown()) {
            stop();
            tellError(ending);
            return;
          }
          int attempt = ++failures;
          Duration wait = backoff.delay(attempt, ending.retryDelay(), ThreadLocalRandom.current().nextDouble());
          step = "the listener's onDisconnected";
          listener.onDisconnected(attempt, ending, wait);
          step = "scheduling the retry";
          if (!closed) {
            retry = scheduler.schedule(BalanceWatch.this::resume, wait.toNanos(), TimeUnit.NANOSECONDS);
          }
        } catch (RuntimeException failed) {
          failed(step, failed);
        }
      }
    }
  }

  /** Where the watch starts and how it calls; {@link #start} opens the first call. */
  public static final class Builder {
    private final Channel channel;
    private final String accountId;
    private CallCredentials credentials;
    private String token;
    private Long fromVersion;
    private Backoff backoff = Backoff.DEFAULT;
    private ScheduledExecutorService scheduler;

    private Builder(Channel channel, String accountId) {
      this.channel = Objects.requireNonNull(channel, "channel");
      this.accountId = Objects.requireNonNull(accountId, "accountId");
    }

    /** Sent with every call (a bearer token, ...); null: none. */
    public Builder credentials(CallCredentials value) {
      this.credentials = value;
      return this;
    }

    /** Starts with the current state, but no earlier than the write that returned this consistency token. */
    public Builder afterToken(String consistencyToken) {
      this.token = consistencyToken == null || consistencyToken.isEmpty() ? null : consistencyToken;
      return this;
    }

    /** Starts with the change that made this version (inclusive) instead of the current state. */
    public Builder fromVersion(long version) {
      if (version < 1) {
        throw new IllegalArgumentException("from_version must be 1 or more, got " + version);
      }
      this.fromVersion = version;
      return this;
    }

    public Builder backoff(Backoff value) {
      this.backoff = Objects.requireNonNull(value, "backoff");
      return this;
    }

    /**
     * Where the waits between attempts run. Default: a daemon thread of the watch's own, stopped
     * with it; a service with many watches passes one scheduler for all.
     */
    public Builder scheduler(ScheduledExecutorService value) {
      this.scheduler = value;
      return this;
    }

    /** Opens the first call and returns the running watch. */
    public BalanceWatch start(BalanceListener listener) {
      if (token != null && fromVersion != null) {
        throw new IllegalArgumentException("a consistency token and from_version do not go together");
      }
      BalanceWatch watch = new BalanceWatch(this, listener);
      watch.open(watch.first);
      return watch;
    }
  }
}

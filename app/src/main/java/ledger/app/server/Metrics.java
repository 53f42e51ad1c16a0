package ledger.app.server;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.grpc.common.GrpcStatus;
import ledger.app.auth.AuthObserver;
import ledger.command.CommandObserver;
import ledger.domain.Reason;
import ledger.grpc.LimitObserver;
import ledger.grpc.RpcObserver;
import ledger.projection.ProjectionObserver;
import ledger.query.QueryObserver;
import ledger.store.Checkpoint;
import ledger.store.UnreadableEvent;

/**
 * The process's meters, scraped at /metrics. Vert.x reports gRPC only as HTTP POST 200,
 * so per-RPC latency by status code and the projection's lag are our own. The dashboard and
 * the alert rules in k8s/monitoring name these families; a test there checks they exist.
 */
public final class Metrics {

  /**
   * The reasons a limit refuses a call with: counted from zero from the start, so that a rate
   * over them is 0, not absent, on an instance that never refused anything.
   */
  static final Set<Reason> LIMIT_REASONS = EnumSet.of(Reason.RATE_LIMITED, Reason.TOO_MANY_STREAMS,
      Reason.APPEND_QUEUE_FULL);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, Timer> rpcTimers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> rpcErrors = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Reason, Counter> limitRefusals = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<AuthObserver.Outcome, Counter> authOutcomes = new ConcurrentHashMap<>();
  /** Gauges only weakly reference their values: these keep each partition's alive. */
  private final ConcurrentHashMap<Integer, List<AtomicLong>> projectionGauges = new ConcurrentHashMap<>();
  private static final String PARTITION = "partition";

  public Metrics() {
    // Vert.x binds the JVM's memory, GC, threads, classes, CPU and uptime; open files are ours
    // (every gRPC connection and pooled backend connection holds one).
    new FileDescriptorMetrics().bindTo(registry);
    LIMIT_REASONS.forEach(this::limitRefusals);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public RpcObserver rpcObserver() {
    return new RpcObserver() {
      @Override
      public void completed(String method, GrpcStatus status, long nanos) {
        rpcTimers.computeIfAbsent(method + "/" + status.name(), key -> Timer.builder("ledger.rpc.server")
            .description("Server-side latency of ledger RPCs, by method and gRPC status")
            .tag("method", method)
            .tag("code", status.name())
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void failed(String method, GrpcStatus status, Reason reason) {
        // A counter beside the timer: a reason label on the histogram would multiply its buckets.
        rpcErrors.computeIfAbsent(method + "/" + reason.name(), key -> Counter.builder("ledger.rpc.server.errors")
            .description("Ledger RPCs answered with an error, by method, gRPC status and reason (ErrorInfo)")
            .tag("method", method)
            .tag("code", status.name())
            .tag("reason", reason.name())
            .register(registry)).increment();
      }
    };
  }

  /** Token waits by outcome, each counted from zero so that a timeout ratio is defined from the start. */
  public QueryObserver queryObserver() {
    EnumMap<QueryObserver.TokenWaitOutcome, Timer> waits = new EnumMap<>(QueryObserver.TokenWaitOutcome.class);
    for (QueryObserver.TokenWaitOutcome outcome : QueryObserver.TokenWaitOutcome.values()) {
      waits.put(outcome, Timer.builder("ledger.query.token.wait")
          .description("Reads that waited for a consistency token: how long, by outcome (reached, timed_out, failed)")
          .tag("outcome", outcome.label())
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(30))
          .register(registry));
    }
    Counter delivered = slowStreams("delivered");
    Counter undelivered = slowStreams("undelivered");
    return new QueryObserver() {
      @Override
      public void tokenWait(TokenWaitOutcome outcome, long nanos) {
        waits.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void slowStreamEnded(boolean statusDelivered) {
        (statusDelivered ? delivered : undelivered).increment();
      }
    };
  }

  private Counter slowStreams(String outcome) {
    return Counter.builder("ledger.query.streams.too.slow")
        .description("StreamBalance calls ended RESOURCE_EXHAUSTED STREAM_TOO_SLOW, by outcome: the status was"
            + " delivered, or undelivered (it could not reach the client within --stream-stall-timeout-ms and the"
            + " stream was reset, or the client went away first)")
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * The observer of projection partition {@code partition}: every projection meter carries a
   * {@code partition} label, since each partition has its own writer, checkpoint and lag.
   */
  public ProjectionObserver projectionObserver(int partition) {
    String label = Integer.toString(partition);
    AtomicLong checkpointPosition = new AtomicLong();
    AtomicLong projectionLeader = new AtomicLong();
    AtomicLong headPosition = new AtomicLong();
    AtomicLong oldestTransactionMillis = new AtomicLong();
    AtomicLong degradedAccounts = new AtomicLong();
    projectionGauges.put(partition, List.of(checkpointPosition, projectionLeader, headPosition,
        oldestTransactionMillis, degradedAccounts));
    Timer lag = Timer.builder("ledger.projection.lag")
        .description("Commit to view: from an event's recorded time to the moment its view was written")
        .tag(PARTITION, label)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
    Counter events = Counter.builder("ledger.projection.events").description("Events applied to the views")
        .tag(PARTITION, label).register(registry);
    Counter dataLoss = Counter.builder("ledger.projection.resumes")
        .description("Times Redis did not hold the checkpoint last written (flush, restore, second writer)")
        .tag(PARTITION, label).register(registry);
    Counter unreadable = Counter.builder("ledger.projection.unreadable.events")
        .description("Stored events the projection could not read; each degrades its account's view until rebuilt")
        .tag(PARTITION, label).register(registry);
    Gauge.builder("ledger.projection.checkpoint.position", checkpointPosition, AtomicLong::get)
        .description("Global position of the last event applied").tag(PARTITION, label).register(registry);
    Gauge.builder("ledger.projection.leader", projectionLeader, AtomicLong::get)
        .description("1 while this process is the partition's projection writer").tag(PARTITION, label)
        .register(registry);
    Gauge.builder("ledger.projection.head.position", headPosition, AtomicLong::get)
        .description("Newest global position written to the event store; minus the checkpoint, the lag in events")
        .tag(PARTITION, label).register(registry);
    Gauge.builder("ledger.projection.tail.oldest.transaction", oldestTransactionMillis, millis -> millis.get() / 1000.0)
        .description("Age of the oldest open transaction in the PostgreSQL cluster: events committed after it"
            + " began wait for it (seen by the projection writer, about once a second)")
        .tag(PARTITION, label).baseUnit("seconds").register(registry);
    Gauge.builder("ledger.projection.degraded.accounts", degradedAccounts, AtomicLong::get)
        .description("Accounts whose view is held at an event this release cannot read; their reads answer"
            + " VIEW_DEGRADED until rebuilt (seen by the projection writer)")
        .tag(PARTITION, label).register(registry);
    return new ProjectionObserver() {
      @Override
      public void applied(Checkpoint checkpoint, int count, long[] lagMicros) {
        checkpointPosition.set(checkpoint.globalPosition());
        events.increment(count);
        for (long micros : lagMicros) {
          lag.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
        }
      }

      @Override
      public void resumedAfterDataLoss(Checkpoint from) {
        dataLoss.increment();
      }

      @Override
      public void unreadable(UnreadableEvent event) {
        unreadable.increment();
      }

      @Override
      public void leadership(boolean active) {
        projectionLeader.set(active ? 1 : 0);
      }

      @Override
      public void head(long globalPosition) {
        headPosition.set(globalPosition);
      }

      @Override
      public void degradedAccounts(long count) {
        degradedAccounts.set(count);
      }

      @Override
      public void oldestTransaction(Duration age) {
        oldestTransactionMillis.set(age.toMillis());
      }
    };
  }

  public CommandObserver commandObserver() {
    DistributionSummary batch = DistributionSummary.builder("ledger.append.batch.commands")
        .description("Commands per group-commit statement")
        .publishPercentileHistogram()
        .minimumExpectedValue(1.0).maximumExpectedValue(1024.0)
        .register(registry);
    Timer wait = Timer.builder("ledger.append.batch.wait")
        .description("How long the oldest command of a group-commit statement waited for it")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry);
    Counter conflicts = Counter.builder("ledger.command.conflicts")
        .description("Appends that lost an optimistic-concurrency race and were retried").register(registry);
    Counter aborted = Counter.builder("ledger.command.aborted")
        .description("Commands that gave up after their last retry (ABORTED)").register(registry);
    return new CommandObserver() {
      @Override
      public void appendBatch(int commands, long waitNanos) {
        batch.record(commands);
        wait.record(waitNanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void conflict() {
        conflicts.increment();
      }

      @Override
      public void exhausted() {
        aborted.increment();
      }

      @Override
      public void appendQueueFull() {
        limitObserver().refused(Reason.APPEND_QUEUE_FULL);
      }
    };
  }

  /**
   * Calls refused by a limit, by reason: ledger_rpc_server_seconds counts them only as
   * RESOURCE_EXHAUSTED, which four reasons share.
   */
  public LimitObserver limitObserver() {
    return reason -> limitRefusals(reason).increment();
  }

  private Counter limitRefusals(Reason reason) {
    return limitRefusals.computeIfAbsent(reason, r -> Counter.builder("ledger.limit.refusals")
        .description("Calls refused by a limit (command rate, streams per caller, append queue), by reason")
        .tag("reason", r.name())
        .register(registry));
  }

  /**
   * Bearer tokens not already verified, by outcome: {@code verified} and {@code refused} ran a
   * verification (the event-loop time a flood of forged tokens costs), {@code refusal_remembered}
   * and {@code peer_over_limit} were answered without one.
   */
  public AuthObserver authObserver() {
    for (AuthObserver.Outcome outcome : AuthObserver.Outcome.values()) {
      authOutcome(outcome);
    }
    return outcome -> authOutcome(outcome).increment();
  }

  private Counter authOutcome(AuthObserver.Outcome outcome) {
    return authOutcomes.computeIfAbsent(outcome, o -> Counter.builder("ledger.auth.verifications")
        .description("Bearer tokens not already verified, by outcome: verified or refused by a verification, or "
            + "refused without one (refusal_remembered, peer_over_limit)")
        .tag("outcome", o.label())
        .register(registry));
  }

  /** Meters of code the core does not know about, e.g. token waiters. */
  public void gauge(String name, String description, java.util.function.Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }
}

package ledger.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ledger.load.runner.LatencySummary;
import org.HdrHistogram.Histogram;

/** The detail sections of the report, below the headline table. */
final class ReportSections {

  private final SuiteResult r;
  private final StringBuilder md;

  ReportSections(SuiteResult r, StringBuilder md) {
    this.r = r;
    this.md = md;
  }

  void ceilings() {
    line("## Ceilings");
    line();
    line("What the same machine does with no ledger logic in the way, measured in the same run.");
    line();
    postgres();
    redis();
    grpc();
  }

  private void postgres() {
    line("### PostgreSQL: pgbench, one durable single-event INSERT per transaction");
    line();
    if (r.pgbench.isEmpty()) {
      line("Not measured: " + r.notMeasured.getOrDefault("pgbench ceiling", "?"));
      line();
      return;
    }
    line("Against the service's embedded PostgreSQL while the service idles, into `bench.events`: the event store's "
        + "own `V1__events.sql` with the table renamed (the same columns, primary key, identity, `xid8` default, "
        + "constraints and indexes; not the immutability trigger of V3, which fires on UPDATE and DELETE only). "
        + "`-M prepared`, after a 5 s warm-up; latency percentiles from pgbench's per-transaction log (a "
        + Fmt.percent(PgBench.LOG_SAMPLING) + " sample). The table is dropped (and a CHECKPOINT taken) before the "
        + "service is measured.");
    line();
    line("With a rate (`-R`), pgbench counts each transaction's latency from its scheduled start, as the "
        + "suite's open loops do.");
    line();
    line("| clients | rate | transactions/s | average | p50 | p99 | failed | CPU, cores: PostgreSQL / pgbench / rest of the "
        + "machine / idle |");
    line("|---|---|---|---|---|---|---|---|");
    for (SuiteResult.PgRun run : r.pgbench) {
      PgBench.Result p = run.result();
      Map<String, Double> c = run.cpu().parts();
      line("| " + p.clients() + " | " + (p.rate() > 0 ? Fmt.count(p.rate()) + "/s" : "as fast as it goes") + " | "
          + Fmt.count(p.tps()) + " | " + Fmt.ms(p.averageMs()) + " | " + Fmt.ms(p.p50Ms())
          + " | " + Fmt.ms(p.p99Ms()) + " | " + p.failed() + " | " + Fmt.cores(c.get(CpuSplit.Split.POSTGRES)) + " / "
          + Fmt.cores(c.get(CpuSplit.Split.LOAD)) + " / " + Fmt.cores(rest(c, CpuSplit.Split.POSTGRES,
          CpuSplit.Split.LOAD)) + " / " + Fmt.cores(c.get(CpuSplit.Split.IDLE)) + " |");
    }
    line();
    line("```sh");
    r.pgbench.forEach(p -> line(p.result().command()));
    line("# pgbench-insert.sql:");
    PgBench.SCRIPT.lines().forEach(l -> line("#   " + l));
    line("```");
    line();
    line("A deposit does more than this transaction: it reads the account (or its cached state), decides, and writes "
        + "its idempotency record (`ledger.commands`) with its event. The service also puts the appends of "
        + "concurrent commands into one statement and one commit (group commit), which is how it can pass a ceiling "
        + "of one commit per event.");
    line();
  }

  private void redis() {
    line("### Redis: redis-benchmark GET");
    line();
    if (r.redisBench.isEmpty()) {
      line("Not measured: " + r.notMeasured.getOrDefault("redis-benchmark ceiling", "?"));
      line();
      return;
    }
    line("Against the service's embedded Redis while the service idles: one GET per round trip (`-P 1`) over "
        + String.format(Locale.ROOT, "%,d", RedisBench.KEYS) + " keys filled by a SET run first. A GetBalance "
        + "reads the account's hash (HGETALL) through the service's Redis pool, so this is a bound, not a like-for-"
        + "like figure.");
    line();
    line("| clients | requests | GET/s | p50 | p99 | CPU, cores: Redis / redis-benchmark / rest / idle |");
    line("|---|---|---|---|---|---|");
    for (SuiteResult.RedisRun run : r.redisBench) {
      RedisBench.Result b = run.result();
      Map<String, Double> c = run.cpu().parts();
      line("| " + b.clients() + " | " + Fmt.count(b.requests()) + " | " + Fmt.count(b.rps()) + " | " + Fmt.ms(b.p50Ms())
          + " | " + Fmt.ms(b.p99Ms()) + " | " + Fmt.cores(c.get(CpuSplit.Split.REDIS)) + " / "
          + Fmt.cores(c.get(CpuSplit.Split.LOAD)) + " / " + Fmt.cores(rest(c, CpuSplit.Split.REDIS,
          CpuSplit.Split.LOAD)) + " / " + Fmt.cores(c.get(CpuSplit.Split.IDLE)) + " |");
    }
    line();
    line("```sh");
    r.redisBench.forEach(b -> line(b.result().command()));
    line("```");
    line();
  }

  private void grpc() {
    line("### gRPC: the same load generator against a constant-reply server");
    line();
    Measurement max = r.run("ceiling-grpc-max");
    if (max == null) {
      line("Not measured: " + r.notMeasured.getOrDefault("gRPC ceiling", "?"));
      line();
      return;
    }
    line("`ledger.bench.ceiling.CeilingServer` (in bench) serves `ledger.v1.QueryService/GetBalance` on the service's "
        + "stack: Vert.x `GrpcServer` over `HttpServer`, one endpoint per event loop, server reflection, the method "
        + "bound raw through `ledger.grpc.Rpc` as the query role binds it. Every call answers the same `Balance`; "
        + "nothing else runs. It gets the service's JVM options (`" + r.ceilingJvm + "`) and the runs get the "
        + "read runs' settings, so the gap between these figures and the real GetBalance runs is the query role's "
        + "own work: the Redis round trip and the view's decoding.");
    line();
    line("| run | load | OK calls/s | p50 | p90 | p99 | p99.9 | max | CPU, cores: ceiling server / load generator / "
        + "rest / idle |");
    line("|---|---|---|---|---|---|---|---|---|");
    for (String name : List.of("ceiling-grpc-max", "ceiling-grpc-" + SuiteRun.READ_RATE)) {
      Measurement m = r.run(name);
      if (m == null) {
        continue;
      }
      LatencySummary s = m.latency();
      Map<String, Double> c = m.cpu().parts();
      line("| " + name + " | " + load(m) + " | " + Fmt.count(m.okRate()) + " | " + Fmt.ms(s.p50()) + " | "
          + Fmt.ms(s.p90()) + " | " + Fmt.ms(s.p99()) + " | " + Fmt.ms(s.p999()) + " | " + Fmt.ms(s.max()) + " | "
          + Fmt.cores(c.getOrDefault(CpuSplit.Split.CEILING, 0.0)) + " / " + Fmt.cores(c.get(CpuSplit.Split.LOAD))
          + " / " + Fmt.cores(rest(c, CpuSplit.Split.CEILING, CpuSplit.Split.LOAD)) + " / "
          + Fmt.cores(c.get(CpuSplit.Split.IDLE)) + " |");
    }
    line();
  }

  void runs() {
    line("## Every run");
    line();
    line("Client-side latency as the load generator saw it; \"server p99\" is the service's own "
        + "`ledger_rpc_server_seconds` for the run's method (from the call's arrival to its answer, interpolated in "
        + "the histogram's buckets), the difference of the scrapes before and after the run.");
    line();
    line("| run | load | OK/s | failed | p50 | p90 | p99 | p99.9 | max | server p99 |");
    line("|---|---|---|---|---|---|---|---|---|---|");
    for (Measurement m : r.runs.values()) {
      if (m.name().startsWith("ceiling-")) {
        continue;
      }
      LatencySummary s = m.latency();
      line("| " + m.name() + " | " + load(m) + " | " + Fmt.count(m.okRate()) + " | " + Fmt.count(m.errors()) + " | "
          + Fmt.ms(s.p50()) + " | " + Fmt.ms(s.p90()) + " | " + Fmt.ms(s.p99()) + " | " + Fmt.ms(s.p999()) + " | "
          + Fmt.ms(s.max()) + " | " + serverP99(m) + " |");
    }
    line();
    List<String> details = new ArrayList<>();
    for (Measurement m : r.runs.values()) {
      m.result().extra().forEach((name, h) -> {
        if (h.getTotalCount() > 0) {
          details.add(m.name() + ", " + name + ": " + spread(h));
        }
      });
      m.result().counters().forEach((name, n) -> details.add(m.name() + ", " + name + ": " + Fmt.count(n)));
      if (m.errors() > 0) {
        m.result().errors().stream().limit(3).forEach(e -> details.add(m.name() + ", failed: " + e.count() + " × "
            + e.status() + " " + e.message()));
      }
    }
    if (!details.isEmpty()) {
      line("Beside the headline latency:");
      line();
      details.forEach(d -> line("- " + d));
      line();
    }
    if (!r.setupSummary.isEmpty()) {
      line("Account set-up (`./ledger bench setup --accounts 10000`, 32 in flight): " + r.setupSummary + ".");
      line();
    }
  }

  void lag() {
    line("## Projection lag");
    line();
    line("From the service's `ledger_projection_lag_seconds`: for each event, from the commit of the transaction that "
        + "wrote it (PostgreSQL's commit timestamp, `track_commit_timestamp = on` in the embedded server; it is taken "
        + "just before the commit's WAL flush, so the flush counts as lag) to the moment its view was written in "
        + "Redis. "
        + "Each row is the difference of the histogram scraped before and after the run; quantiles are interpolated "
        + "within the histogram's buckets, whose upper bound is given for the p99.");
    line();
    line("| run | events projected | mean | p50 | p90 | p99 | p99 bucket up to | ");
    line("|---|---|---|---|---|---|---|");
    for (Measurement m : r.runs.values()) {
      PromHistogram lag = m.metrics().projectionLag();
      if (lag.total() <= 0) {
        continue;
      }
      line("| " + m.name() + " (" + load(m) + ") | " + Fmt.count(lag.total()) + " | " + Fmt.ms(lag.mean() * 1000)
          + " | " + Fmt.ms(lag.quantile(0.5) * 1000) + " | " + Fmt.ms(lag.quantile(0.9) * 1000) + " | "
          + Fmt.ms(lag.quantile(0.99) * 1000) + " | " + Fmt.ms(lag.quantileBucketBound(0.99) * 1000) + " |");
    }
    line();
    Measurement stream = r.run("stream-lag-" + SuiteRun.STREAM_RATE);
    if (stream != null) {
      LatencySummary s = stream.latency();
      line("Seen from a client, `" + stream.command() + "`: from just before a Deposit is sent to the arrival of "
          + "its StreamBalance message (so it includes the deposit's own latency): p50 " + Fmt.ms(s.p50()) + ", p90 "
          + Fmt.ms(s.p90()) + ", p99 " + Fmt.ms(s.p99()) + ", max " + Fmt.ms(s.max()) + " over "
          + Fmt.count(s.count()) + " deposits.");
      line();
    }
  }

  void memoryAndStart() {
    line("## Memory and start-up");
    line();
    line("The service JVM's resident set size (VmRSS), sampled once a second from before the first run to the end "
        + "(the embedded PostgreSQL and Redis are processes of their own and not included): largest "
        + Fmt.mb(r.rssMaxKb) + ", during " + r.rssMaxPhase + ". Largest per step:");
    line();
    line("| step | largest RSS |");
    line("|---|---|");
    r.rssByPhase.forEach((phase, kb) -> line("| " + Fmt.cell(phase) + " | " + Fmt.mb(kb) + " |"));
    line();
    if (r.firstStart != null) {
      line("`./ledger serve` ready (the \"Ledger ready in N ms\" line), first start on a fresh data folder, which "
          + "includes unpacking PostgreSQL and initdb: " + String.format(Locale.ROOT, "%,d", r.firstStart.wallMillis())
          + " ms from launching the script, " + String.format(Locale.ROOT, "%,d", r.firstStart.loggedMillis())
          + " ms by its own log." + (r.restart == null ? "" : " Restart on the same data after the run: "
          + String.format(Locale.ROOT, "%,d", r.restart.wallMillis()) + " ms from launch, "
          + String.format(Locale.ROOT, "%,d", r.restart.loggedMillis()) + " ms by its log."));
      line();
    }
  }

  void timeGoes(String profileBlock) {
    line("## Where the time goes");
    line();
    line("CPU used during each measured run, in cores (" + r.machine.cores() + " in all; 1.00 is one core busy for "
        + "the whole run), from /proc at its start and end. The load generator is the suite's JVM (or pgbench / "
        + "redis-benchmark for their runs); \"rest\" is every other process on the machine.");
    line();
    line("| run | service | PostgreSQL | Redis | ceiling server | load generator | rest | idle |");
    line("|---|---|---|---|---|---|---|---|");
    for (Measurement m : r.runs.values()) {
      Map<String, Double> c = m.cpu().parts();
      line("| " + m.name() + " | " + Fmt.cores(c.get(CpuSplit.Split.SERVICE)) + " | "
          + Fmt.cores(c.get(CpuSplit.Split.POSTGRES)) + " | " + Fmt.cores(c.get(CpuSplit.Split.REDIS)) + " | "
          + Fmt.cores(c.getOrDefault(CpuSplit.Split.CEILING, 0.0)) + " | " + Fmt.cores(c.get(CpuSplit.Split.LOAD))
          + " | " + Fmt.cores(c.get(CpuSplit.Split.OTHER)) + " | " + Fmt.cores(c.get(CpuSplit.Split.IDLE)) + " |");
    }
    line();
    Measurement max = r.run("deposit-max");
    if (max != null) {
      MetricsDelta d = max.metrics();
      Map<String, Double> c = max.cpu().parts();
      line("At the maximum deposit rate (" + Fmt.rate(max.okRate()) + "): the service took "
          + Fmt.cores(c.get(CpuSplit.Split.SERVICE)) + " cores, PostgreSQL " + Fmt.cores(c.get(CpuSplit.Split.POSTGRES))
          + ", Redis (the projection) " + Fmt.cores(c.get(CpuSplit.Split.REDIS)) + ", the load generator "
          + Fmt.cores(c.get(CpuSplit.Split.LOAD)) + "; " + Fmt.cores(c.get(CpuSplit.Split.IDLE)) + " stayed idle. "
          + "Group commit put " + String.format(Locale.ROOT, "%.1f", d.batchCommands().mean())
          + " commands on average into one statement ("
          + Fmt.count(d.batchCommands().count()) + " statements, p99 wait for a batch "
          + Fmt.ms(d.batchWait().quantile(0.99) * 1000) + "); " + Fmt.count(d.conflicts())
          + " optimistic-concurrency conflicts were retried and " + Fmt.count(d.aborted()) + " commands aborted. "
          + "The service measured a Deposit p99 of " + Fmt.ms(d.depositServer().quantile(0.99) * 1000)
          + " against the client's " + Fmt.ms(max.latency().p99())
          + "; the difference is time in the load generator, the sockets and the event loops' queues.");
      line();
    }
    md.append(profileBlock);
    line();
  }

  void warmUp() {
    if (r.warmUps.isEmpty()) {
      return;
    }
    line("## Warm-up");
    line();
    line("Every measured run follows a warm-up run of the same load, and the load generator stays in one JVM, so the "
        + "JIT has compiled both ends before anything is measured. How long that takes, from the first runs of a "
        + "kind (OK calls in each second of the warm-up, against the measured run's average rate):");
    line();
    line("| warm-up | cold | calls/s in seconds 1, 2, 3 … | reached 90 % of the measured rate after |");
    line("|---|---|---|---|");
    r.warmUps.forEach((name, w) -> {
      Measurement m = r.run(name);
      double steady = m == null ? Double.NaN : m.okRate();
      // whole seconds only: the last entry is the part-second in which the run was cut off
      long[] perSecond = java.util.Arrays.copyOf(w.okPerSecond(),
          (int) Math.min(w.okPerSecond().length, Math.floor(w.totalSeconds())));
      List<String> series = new ArrayList<>();
      for (int i = 0; i < Math.min(perSecond.length, 30); i++) {
        series.add(String.format(Locale.ROOT, "%,d", perSecond[i]));
      }
      int reached = reached(perSecond, steady);
      line("| " + name + " | " + cold(name) + " | " + String.join(", ", series) + " | " + (Double.isNaN(steady)
          ? Fmt.NONE : reached < 0 ? "not within the warm-up" : reached + " s") + " |");
    });
    line();
  }

  /** The first second from which a 3-second moving average stays at or above 90 % of {@code steady}. */
  static int reached(long[] perSecond, double steady) {
    int from = -1;
    for (int i = 0; i + 2 < perSecond.length; i++) {
      double avg = (perSecond[i] + perSecond[i + 1] + perSecond[i + 2]) / 3.0;
      if (avg >= 0.9 * steady) {
        if (from < 0) {
          from = i;
        }
      } else {
        from = -1;
      }
    }
    return from < 0 ? -1 : from + 1;
  }

  private static String cold(String name) {
    return switch (name) {
      case "ceiling-grpc-max" -> "load generator and ceiling server";
      case "deposit-max" -> "the service's command path";
      case "balance-max" -> "the service's query path";
      default -> "";
    };
  }

  private String serverP99(Measurement m) {
    PromHistogram h = m.name().startsWith("balance") ? m.metrics().balanceServer() : m.metrics().depositServer();
    return h.total() <= 0 ? Fmt.NONE : Fmt.ms(h.quantile(0.99) * 1000)
        + (m.name().startsWith("pairs") || m.name().startsWith("stream-lag") ? " (Deposit)" : "");
  }

  /** The run's load in words, from its settings ("closed loop, 64 workers", "open loop at 1000 calls/s ..."). */
  static String load(Measurement m) {
    String load = m.result().settings().getString("load");
    return load == null ? "" : load;
  }

  private static String spread(Histogram h) {
    LatencySummary s = LatencySummary.of(h);
    return "p50 " + Fmt.ms(s.p50()) + ", p90 " + Fmt.ms(s.p90()) + ", p99 " + Fmt.ms(s.p99()) + ", max "
        + Fmt.ms(s.max());
  }

  private static double rest(Map<String, Double> c, String... counted) {
    double busy = c.values().stream().mapToDouble(Double::doubleValue).sum() - c.get(CpuSplit.Split.IDLE);
    for (String k : counted) {
      busy -= c.getOrDefault(k, 0.0);
    }
    return Math.max(0, busy);
  }

  private void line(String text) {
    md.append(text).append('\n');
  }

  private void line() {
    md.append('\n');
  }
}

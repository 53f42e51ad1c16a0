package ledger.load.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ledger.load.runner.Bucket;
import ledger.load.runner.ErrorCount;
import ledger.load.runner.LatencySummary;
import ledger.load.runner.RunResult;
import org.HdrHistogram.Histogram;

/** The machine-readable report of a run; every latency in milliseconds. */
public final class JsonReport {

  static final int HISTOGRAM_BARS = 10;

  private JsonReport() {
  }

  public static JsonObject of(RunResult r) {
    JsonObject statuses = new JsonObject();
    r.statuses().entrySet().stream().sorted(SummaryPrinter.byCount()).forEach(e -> statuses.put(e.getKey(), e.getValue()));
    JsonArray errors = new JsonArray();
    r.errors().stream().limit(100).forEach((ErrorCount e) -> errors.add(new JsonObject()
        .put("status", e.status()).put("message", e.message()).put("count", e.count())));
    JsonArray throughput = new JsonArray();
    for (int i = 0; i < r.okPerSecond().length; i++) {
      throughput.add(new JsonObject().put("second", i).put("ok", r.okPerSecond()[i]).put("errors", r.errorsPerSecond()[i]));
    }
    JsonObject extra = new JsonObject();
    r.extra().forEach((name, h) -> extra.put(name, latency(h)));
    JsonObject counters = new JsonObject();
    r.counters().forEach(counters::put);
    return new JsonObject()
        .put("name", r.name())
        .put("kind", r.kind())
        .put("date", r.started().toString())
        .put("config", r.settings())
        .put("count", r.count())
        .put("skipped", r.skipped())
        .put("totalMs", r.totalNanos() / 1e6)
        .put("rps", r.rps())
        .put("latencyMeasured", r.latencyBasis())
        .put("latencyMs", latency(r.latency()))
        .put("histogram", buckets(r.latency()))
        .put("statusCodeDistribution", statuses)
        .put("errorDistribution", errors)
        .put("throughput", throughput)
        .put("extra", extra)
        .put("counters", counters)
        .put("notes", new JsonArray(r.notes().stream().map(Object.class::cast).toList()));
  }

  static JsonObject latency(Histogram h) {
    LatencySummary s = LatencySummary.of(h);
    return new JsonObject()
        .put("count", s.count())
        .put("min", s.min())
        .put("average", s.average())
        .put("p10", s.p10())
        .put("p25", s.p25())
        .put("p50", s.p50())
        .put("p75", s.p75())
        .put("p90", s.p90())
        .put("p95", s.p95())
        .put("p99", s.p99())
        .put("p99.9", s.p999())
        .put("max", s.max());
  }

  private static JsonArray buckets(Histogram h) {
    JsonArray out = new JsonArray();
    long total = Math.max(1, h.getTotalCount());
    for (Bucket b : Bucket.linear(h, HISTOGRAM_BARS)) {
      out.add(new JsonObject().put("markMs", b.markMs()).put("count", b.count())
          .put("frequency", (double) b.count() / total));
    }
    return out;
  }
}

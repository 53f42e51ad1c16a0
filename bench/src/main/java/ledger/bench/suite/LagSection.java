package ledger.bench.suite;

import java.util.List;

/** Projection lag per run from the service's histogram, and the stream-lag run's view of it from a client. */
record LagSection(List<Row> rows, Stream stream) {

  record Row(String name, String load, String events, String mean, String p50, String p90, String p99,
             String p99Bound) {
  }

  record Stream(String command, Spread spread, String deposits) {
  }

  static LagSection of(SuiteResult r) {
    List<Row> rows = r.runs.values().stream().filter(m -> m.metrics().projectionLag().total() > 0).map(m -> {
      PromHistogram lag = m.metrics().projectionLag();
      return new Row(m.name(), m.load(), Fmt.count(lag.total()), Fmt.ms(lag.mean() * 1000),
          Fmt.ms(lag.quantile(0.5) * 1000), Fmt.ms(lag.quantile(0.9) * 1000), Fmt.ms(lag.quantile(0.99) * 1000),
          Fmt.ms(lag.quantileBucketBound(0.99) * 1000));
    }).toList();
    Measurement stream = r.run("stream-lag-" + SuiteRun.STREAM_RATE);
    return new LagSection(rows, stream == null ? null
        : new Stream(stream.command(), Spread.of(stream.latency()), Fmt.count(stream.latency().count())));
  }
}

package ledger.bench.suite;

import java.util.ArrayList;
import java.util.List;

import ledger.load.runner.ErrorCount;
import ledger.load.runner.LatencySummary;

/** The table of the service's runs, what each measured beside its headline latency, and the account set-up. */
record RunSection(List<Row> rows, Listed<Detail> beside, String setup) {

  /** One run's client-side figures; {@code cpu} for the ceiling table, {@code serverP99} for the service's. */
  record Row(String name, String load, String okRate, String failed, String p50, String p90, String p99, String p999,
             String max, CpuCells cpu, String serverP99) {

    static Row of(Measurement m, CpuCells cpu, String serverP99) {
      LatencySummary s = m.latency();
      return new Row(m.name(), m.load(), Fmt.count(m.okRate()), Fmt.count(m.errors()), Fmt.ms(s.p50()),
          Fmt.ms(s.p90()), Fmt.ms(s.p99()), Fmt.ms(s.p999()), Fmt.ms(s.max()), cpu, serverP99);
    }
  }

  /** Another latency of a run ({@code spread}), one of its counters ({@code count}) or a kind of failure. */
  record Detail(String run, String what, Spread spread, String count, ErrorCount failed) {
  }

  static RunSection of(SuiteResult r) {
    List<Row> rows = r.runs.values().stream().filter(m -> !m.name().startsWith("ceiling-"))
        .map(m -> Row.of(m, null, serverP99(m))).toList();
    List<Detail> details = new ArrayList<>();
    for (Measurement m : r.runs.values()) {
      m.result().extra().forEach((name, h) -> {
        if (h.getTotalCount() > 0) {
          details.add(new Detail(m.name(), name, Spread.of(h), null, null));
        }
      });
      m.result().counters().forEach((name, n) -> details.add(new Detail(m.name(), name, null, Fmt.count(n), null)));
      if (m.errors() > 0) {
        m.result().errors().stream().limit(3).forEach(e -> details.add(new Detail(m.name(), "failed", null, null, e)));
      }
    }
    return new RunSection(rows, Listed.of(details), r.setupSummary);
  }

  /** The service's own p99 for the run's method, from its /metrics. */
  private static String serverP99(Measurement m) {
    PromHistogram h = m.name().startsWith("balance") ? m.metrics().balanceServer()
        : m.name().startsWith("transfer") ? m.metrics().transferServer() : m.metrics().depositServer();
    return h.total() <= 0 ? Fmt.NONE : Fmt.ms(h.quantile(0.99) * 1000)
        + (m.name().startsWith("pairs") || m.name().startsWith("stream-lag") ? " (Deposit)" : "");
  }
}

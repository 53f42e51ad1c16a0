package ledger.bench.suite;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Where the CPU went in each run, and at the maximum deposit rate how the service spent it. */
record CpuSection(int cores, List<Row> rows, DepositMax depositMax) {

  record Row(String name, String service, String postgres, String redis, String ceiling, String load, String other,
             String idle) {
  }

  record DepositMax(String rate, String service, String postgres, String redis, String load, String idle,
                    String batchMean, String statements, String batchWaitP99, String conflicts, String aborted,
                    String serverP99, String clientP99) {
  }

  static CpuSection of(SuiteResult r) {
    List<Row> rows = r.runs.values().stream().map(m -> {
      Map<String, Double> c = m.cpu().parts();
      return new Row(m.name(), Fmt.cores(c.get(CpuSplit.Split.SERVICE)), Fmt.cores(c.get(CpuSplit.Split.POSTGRES)),
          Fmt.cores(c.get(CpuSplit.Split.REDIS)), Fmt.cores(c.getOrDefault(CpuSplit.Split.CEILING, 0.0)),
          Fmt.cores(c.get(CpuSplit.Split.LOAD)), Fmt.cores(c.get(CpuSplit.Split.OTHER)),
          Fmt.cores(c.get(CpuSplit.Split.IDLE)));
    }).toList();
    return new CpuSection(r.machine.cores(), rows, depositMax(r.run("deposit-max")));
  }

  private static DepositMax depositMax(Measurement max) {
    if (max == null) {
      return null;
    }
    MetricsDelta d = max.metrics();
    Map<String, Double> c = max.cpu().parts();
    return new DepositMax(Fmt.rate(max.okRate()), Fmt.cores(c.get(CpuSplit.Split.SERVICE)),
        Fmt.cores(c.get(CpuSplit.Split.POSTGRES)), Fmt.cores(c.get(CpuSplit.Split.REDIS)),
        Fmt.cores(c.get(CpuSplit.Split.LOAD)), Fmt.cores(c.get(CpuSplit.Split.IDLE)),
        String.format(Locale.ROOT, "%.1f", d.batchCommands().mean()), Fmt.count(d.batchCommands().count()),
        Fmt.ms(d.batchWait().quantile(0.99) * 1000), Fmt.count(d.conflicts()), Fmt.count(d.aborted()),
        Fmt.ms(d.depositServer().quantile(0.99) * 1000), Fmt.ms(max.latency().p99()));
  }
}

package ledger.bench.suite;

import java.util.Map;

/** One tool's CPU split in a ceiling table: the measured server's own cores, the load generator's, the rest, idle. */
record CpuCells(String own, String load, String rest, String idle) {

  static CpuCells of(CpuSplit.Split split, String own) {
    Map<String, Double> c = split.parts();
    return new CpuCells(Fmt.cores(c.getOrDefault(own, 0.0)), Fmt.cores(c.get(CpuSplit.Split.LOAD)),
        Fmt.cores(rest(c, own, CpuSplit.Split.LOAD)), Fmt.cores(c.get(CpuSplit.Split.IDLE)));
  }

  /** Busy cores other than the {@code counted} parts. */
  private static double rest(Map<String, Double> c, String... counted) {
    double busy = c.values().stream().mapToDouble(Double::doubleValue).sum() - c.get(CpuSplit.Split.IDLE);
    for (String k : counted) {
      busy -= c.getOrDefault(k, 0.0);
    }
    return Math.max(0, busy);
  }
}

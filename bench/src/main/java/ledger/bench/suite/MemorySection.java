package ledger.bench.suite;

import java.util.List;
import java.util.Locale;

/** The service's largest RSS, overall and per step, and how long it took to be ready on a first start and a restart. */
record MemorySection(String largest, String largestDuring, List<Phase> phases, Start firstStart) {

  record Phase(String step, String largest) {
  }

  /** A start's time from launch and by the service's own log; the first start carries the restart, if any. */
  record Start(String wall, String logged, Start restart) {

    static Start of(ServiceProcess.Start s, Start restart) {
      return s == null ? null : new Start(String.format(Locale.ROOT, "%,d", s.wallMillis()),
          String.format(Locale.ROOT, "%,d", s.loggedMillis()), restart);
    }
  }

  static MemorySection of(SuiteResult r) {
    List<Phase> phases = r.rssByPhase.entrySet().stream()
        .map(e -> new Phase(Fmt.cell(e.getKey()), Fmt.mb(e.getValue()))).toList();
    return new MemorySection(Fmt.mb(r.rssMaxKb), r.rssMaxPhase, phases,
        Start.of(r.firstStart, Start.of(r.restart, null)));
  }
}

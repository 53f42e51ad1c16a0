package ledger.bench.suite;

import java.util.List;

/**
 * Everything docs/benchmarks.md shows of one suite run, computed and formatted, as the template
 * {@code benchmarks.md.mustache} reads it: one field per section of the page.
 */
record Page(IntroSection intro, List<Targets.Row> targets, Listed<String> misses, String results,
            List<String> commands, MachineSection machine, CeilingSection ceilings, RunSection runs, LagSection lag,
            MemorySection memory, CpuSection cpu, String profile, Listed<WarmUpSection.Row> warmUps,
            Listed<Gap> notMeasured, String snapshots, String rebuild, String failover,
            String security, String streamScale) {

  /** A step that was not measured, and why. */
  record Gap(String step, String reason) {
  }

  static Page of(SuiteResult r, String previous) {
    List<Targets.Row> targets = Targets.of(r);
    return new Page(IntroSection.of(r), targets.stream().map(Targets.Row::inCells).toList(),
        Listed.of(Targets.missed(targets)), relative(r.results), r.runs.values().stream().map(Measurement::command)
        .toList(), MachineSection.of(r), CeilingSection.of(r), RunSection.of(r), LagSection.of(r),
        MemorySection.of(r), CpuSection.of(r), withoutLastNewline(Carried.PROFILE.from(previous)),
        WarmUpSection.of(r), Listed.of(r.notMeasured.entrySet().stream().map(e -> new Gap(e.getKey(), e.getValue())).toList()),
        withoutLastNewline(Carried.SNAPSHOTS.from(previous)), withoutLastNewline(Carried.REBUILD.from(previous)),
        withoutLastNewline(Carried.FAILOVER.from(previous)),
        withoutLastNewline(Carried.SECURITY.from(previous)),
        withoutLastNewline(Carried.STREAM_SCALE.from(previous)));
  }

  /** The results folder from the checkout's root on ({@code bench/target/suite-...}), else as it is. */
  private static String relative(java.nio.file.Path results) {
    String s = results == null ? "" : results.toString();
    int i = s.lastIndexOf("/bench/target/");
    return i >= 0 ? s.substring(i + 1) : s;
  }

  /** A carried block ends with a newline; the template's line break after it is that newline. */
  private static String withoutLastNewline(String block) {
    return block.endsWith("\n") ? block.substring(0, block.length() - 1) : block;
  }
}

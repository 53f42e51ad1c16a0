package ledger.bench.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ledger.bench.suite.Machine;
import org.junit.jupiter.api.Test;

/** docs/benchmarks.md's failover section from made-up runs: min, median and max per fault beside the targets. */
class FailoverSectionTest {

  private static final Machine MACHINE = new Machine(2, "AMD EPYC", 24_000, "6.1", "Debian", "ext4", "openjdk 21",
      "abc123def456 (a subject)", "0.10 0.20 0.30 1/2 3");

  private static FailoverRun.Sample s(double millis) {
    return new FailoverRun.Sample(millis, true);
  }

  static FailoverRun run(List<FailoverRun.Sample> kill, List<FailoverRun.Sample> terminate,
                         List<FailoverRun.Sample> lockSilent, List<FailoverRun.Sample> allSilent, String loadAfter) {
    Map<Fault, List<FailoverRun.Sample>> samples = new LinkedHashMap<>();
    samples.put(Fault.KILL, kill);
    samples.put(Fault.TERMINATE, terminate);
    samples.put(Fault.BLACKHOLE_LOCK, lockSilent);
    samples.put(Fault.BLACKHOLE_ALL, allSilent);
    return new FailoverRun(Instant.parse("2026-12-07T12:00:00Z"), MACHINE, loadAfter,
        Map.of("server_version", "17.6", "fsync", "on"), "6.2.11", "-Xmx384m",
        "java -cp bench/target/ledger-bench.jar ledger.bench.failover.FailoverBench --rounds 5 --docs docs/benchmarks.md",
        kill.size(), samples);
  }

  private static FailoverRun met() {
    return run(List.of(s(900), s(700), s(1_100), s(800), s(2_000)),
        List.of(s(600), new FailoverRun.Sample(1_500, false), s(500), s(650), s(700)),
        List.of(s(9_000), s(8_500), s(9_400), s(8_900), s(9_100)),
        List.of(s(9_200), s(8_600), s(9_500), s(8_800), s(9_000)), "0.50 0.40 0.30 1/2 3");
  }

  @Test
  void each_fault_has_min_median_and_max_beside_its_target() {
    String md = FailoverSection.render(met());
    assertThat(md).startsWith("## Failover of the projection writer\n");
    assertThat(md).contains("| kill -9 of the writer process | 0.70 s | 0.90 s | 2.00 s | ≤ 3.00 s | yes | 5 of "
        + "5 |");
    assertThat(md).contains("| its lock connection closed | 0.50 s | 0.65 s | 1.50 s | ≤ 3.00 s | yes | 4 of 5 "
        + "|");
    assertThat(md).contains("| its lock connection blackholed | 8.50 s | 9.00 s | 9.40 s | ≤ 15.00 s | yes |");
    assertThat(md).contains("| all its connections blackholed | 8.60 s | 9.00 s | 9.50 s | ≤ 15.00 s | yes |");
    assertThat(md).contains("5 times each").doesNotContain("Missed").doesNotContain("busy");
  }

  @Test
  void a_slow_repetition_or_one_that_never_ended_is_a_miss_said_plainly() {
    String md = FailoverSection.render(run(List.of(s(900), s(3_500)), List.of(s(600), s(Double.NaN)),
        List.of(s(9_000), s(8_000)), List.of(s(Double.NaN), s(Double.NaN), s(8_000)), "7.00 5.00 3.00 1/2 3"));
    assertThat(md).contains("| kill -9 of the writer process | 0.90 s | 2.20 s | 3.50 s | ≤ 3.00 s | **no**: +0.50 s |");
    assertThat(md).contains("- kill -9 of the writer process: 1 of 2 repetitions over 3.00 s, the slowest 3.50 s "
        + "(0.50 s over).");
    assertThat(md).contains("| its lock connection closed | 0.60 s | > 10 s | > 10 s | ≤ 3.00 s | **no**: 1 of 2 not "
        + "within 10 s |");
    assertThat(md).contains("- its lock connection closed: in 1 of 2 repetitions no writer applied within 10 s (where "
        + "the bench stops waiting).");
    assertThat(md).contains("| all its connections blackholed | 8.00 s | > 30 s | > 30 s | ≤ 15.00 s | **no**: 2 of 3 "
        + "not within 30 s |");
    assertThat(md).contains("**The machine was busy (1-minute load average up to 7.00 on 2 cores)");
  }

  @Test
  void the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
    assertThat(FailoverSection.median(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
    assertThat(FailoverSection.median(new double[] {1, 2, 10})).isEqualTo(2);
  }

  /** The example page pins the template's every sentence; after a deliberate change, write the new page over it. */
  @Test
  void a_run_reads_as_the_example_section() throws IOException {
    assertThat(FailoverSection.render(met())).isEqualTo(example("failover-example.md"));
  }

  private static String example(String name) throws IOException {
    try (InputStream in = FailoverSectionTest.class.getResourceAsStream(name)) {
      return in == null ? "(no example " + name + ")" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

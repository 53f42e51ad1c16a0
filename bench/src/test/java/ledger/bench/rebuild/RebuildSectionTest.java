package ledger.bench.rebuild;

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

/** docs/benchmarks.md's rebuild section from made-up runs: the rebuild beside its ceilings, with ratios. */
class RebuildSectionTest {

  static final Machine MACHINE = new Machine(2, "AMD EPYC", 24_000, "6.1", "Debian", "ext4", "openjdk 21",
      "abc123def456 (a subject)", "0.10 0.20 0.30 1/2 3");

  static RebuildRun run(double replayPerSecond, List<RebuildRun.Ceiling> ceilings, Map<String, String> missing) {
    return new RebuildRun(Instant.parse("2026-12-07T12:00:00Z"), MACHINE, "1.10 0.50 0.40 1/2 3",
        Map.of("server_version", "17.6", "fsync", "on", "synchronous_commit", "on"), "6.2.11",
        "java -cp bench/target/ledger-bench.jar ledger.bench.rebuild.RebuildBench 10000 100 --docs docs/benchmarks.md",
        1_000_000, 10_000, 41.5, 3.25, replayPerSecond, 9.7, 10_003, 5_000, 100, ceilings, missing);
  }

  static List<RebuildRun.Ceiling> ceilings() {
    return List.of(
        new RebuildRun.Ceiling("pgbench", "durable INSERT of 100 events-shaped rows per transaction", 1, 50_000,
            "rows/s", 2.5, "pgbench -c 1"),
        new RebuildRun.Ceiling("pgbench", "durable INSERT of 100 events-shaped rows per transaction", 8, 80_000,
            "rows/s", 12, "pgbench -c 8"),
        new RebuildRun.Ceiling("redis-benchmark", "HSET of three view fields, 50 commands per round trip (-P), "
            + "10,000 keys", 1, 400_000, "HSET/s", 0.4, "redis-benchmark -c 1"),
        new RebuildRun.Ceiling("redis-benchmark", "HSET of three view fields, 50 commands per round trip (-P), "
            + "10,000 keys", 50, 1_000_000, "HSET/s", 3, "redis-benchmark -c 50"));
  }

  @Test
  void the_rebuild_stands_beside_each_ceiling_with_its_ratio() {
    String md = RebuildSection.render(run(120_000, ceilings(), Map.of()));
    assertThat(md).startsWith("## Rebuilding every view\n");
    assertThat(md).contains("| the rebuild: 1,000,000 events over 10,000 accounts replayed | 120,000 events/s | — |");
    assertThat(md).contains("| pgbench: durable INSERT of 100 events-shaped rows per transaction, 1 client (p99 "
        + "2.50 ms) | 50,000 rows/s | 2.40× |");
    assertThat(md).contains("10,000 keys, 50 clients (p99 3.00 ms) | 1,000,000 HSET/s | 0.12× |");
    assertThat(md).contains("Target ≥ 100,000 events/s replayed: met.");
    assertThat(md).doesNotContain("busy").doesNotContain("Not measured");
  }

  @Test
  void a_miss_says_by_how_much_and_a_missing_tool_says_why() {
    Map<String, String> missing = new LinkedHashMap<>();
    missing.put("redis-benchmark", "not measured: redis-benchmark missing (Debian: apt-get install redis-tools)");
    String md = RebuildSection.render(run(80_000, ceilings().subList(0, 2), missing));
    assertThat(md).contains("Target ≥ 100,000 events/s replayed: **missed** by 20,000 events/s (25 % more needed).");
    assertThat(md).contains("Not measured:\n\n- redis-benchmark: not measured: redis-benchmark missing");
    assertThat(md).contains("# pgbench-batch.sql:\n#   \\set account random(0, 9999)");
  }

  @Test
  void without_pgbench_there_is_no_script() {
    String md = RebuildSection.render(run(120_000, ceilings().subList(2, 4), Map.of("pgbench", "missing")));
    assertThat(md).doesNotContain("pgbench-batch.sql").contains("redis-benchmark -c 1");
  }

  /** The example page pins the template's every sentence; after a deliberate change, write the new page over it. */
  @Test
  void a_run_reads_as_the_example_section() throws IOException {
    assertThat(RebuildSection.render(run(108_356, ceilings(), Map.of()))).isEqualTo(example("rebuild-example.md"));
  }

  static String example(String name) throws IOException {
    try (InputStream in = RebuildSectionTest.class.getResourceAsStream(name)) {
      return in == null ? "(no example " + name + ")" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

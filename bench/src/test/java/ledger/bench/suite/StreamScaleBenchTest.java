package ledger.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.vertx.core.json.JsonObject;
import ledger.bench.Sections;
import ledger.load.runner.RunResult;
import ledger.load.runner.Tally;
import org.junit.jupiter.api.Test;

/** StreamScaleBench's row and section: the figures of a stream-lag run, formatted and placed. */
class StreamScaleBenchTest {

  private static Measurement measurement() {
    Tally tally = new Tally(0, false, 0);
    for (long i = 0; i < 1_000; i++) {
      tally.record("OK", null, (i < 980 ? 4 : 80) * 1_000_000L, i * 10_000_000L);
      tally.recordExtra("from the Deposit's answer to its message (0 when the message came first)", 2_000_000L);
      tally.recordExtra("Deposit (scheduled start to answer)", 3_000_000L);
    }
    tally.record("NOT_DELIVERED", "no stream message", 0, 10_000_000_000L);
    tally.add("version gaps or repeats", 0);
    tally.add("streams that ended early", 0);
    tally.close(10_000_000_000L);
    JsonObject settings = new JsonObject().put("streams", 10_000).put("connections", 4)
        .put("measured", new JsonObject().put("openMillis", 1_599).put("liveHeapKbBefore", 20_000)
            .put("liveHeapKbWithStreams", 101_000).put("rssKbBefore", 300_000).put("rssKbWithStreams", 332_000));
    RunResult result = tally.result("stream-scale-ledger", "stream-lag", settings, "from just before sending",
        List.of());
    return new Measurement("stream-scale-ledger", "stream-scale-ledger", "./ledger bench stream-lag", 1_000, result,
        SuiteRuns.CPU, MetricsDelta.between(PromScrape.empty(), PromScrape.parse(SuiteRuns.METRICS)));
  }

  @Test
  void a_row_shows_delivery_both_bounds_the_contract_and_memory_per_stream() {
    StreamScaleBench.Row row = StreamScaleBench.row("ledger", measurement(), true);
    assertThat(row.delivered()).isEqualTo("1,000");
    assertThat(row.opened()).isEqualTo("1,599 ms");
    assertThat(row.p50()).isEqualTo("4.00 ms");
    assertThat(row.p99()).isEqualTo("80.0 ms");
    assertThat(row.afterAnswerP99()).isEqualTo("2.00 ms");
    assertThat(row.depositP99()).isEqualTo("3.00 ms");
    // gaps / not delivered / ended early / foreign
    assertThat(row.contract()).isEqualTo("0 / 1 / 0 / 0");
    assertThat(row.heapPerStream()).isEqualTo("8.1 KiB");
    assertThat(row.rssPerStream()).isEqualTo("3.2 KiB");
  }

  @Test
  void the_section_starts_with_its_heading_and_carries_the_command_and_the_table() {
    StreamScaleBench.Row row = StreamScaleBench.row("ledger", measurement(), true);
    StreamScaleBench.Section section = new StreamScaleBench.Section("2026-12-07 20:15 UTC", 2, "AMD EPYC",
        "4.76 1.89 0.85", "6.59 3.22 1.41", Sections.busy("4.76 1.89 0.85", "6.59 3.22 1.41", 2), "c7f73c8", "-Xmx384m",
        "-Xmx1g", "10,000", 4, "1,000", "30s", "10s", "java ... StreamScaleBench --streams 10000", List.of("./ledger serve"),
        List.of(row), "Target: p99 ≤ 50 ms.");
    String text = StreamScaleBench.render(section);
    assertThat(text).startsWith(Sections.STREAM_SCALE_HEADING + "\n");
    assertThat(text).contains("java ... StreamScaleBench --streams 10000")
        .contains("| ledger | 1,000 | 1,599 ms | 4.00 ms |")
        .contains("**The machine was busy (1-minute load average up to 6.59 on 2 cores)")
        .contains("Target: p99 ≤ 50 ms.")
        .contains("Issue 11's mobile scale: 10,000 concurrent `StreamBalance` calls").contains("at 1,000/s (open loop)");
    assertThat(Sections.replace("# B\n\n" + Sections.STREAM_SCALE_HEADING + "\n\nOLD-FIGURES\n", Sections.STREAM_SCALE_HEADING,
        text)).doesNotContain("OLD-FIGURES").contains("| ledger | 1,000 |");
  }
}

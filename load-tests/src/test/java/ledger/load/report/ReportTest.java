package ledger.load.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ledger.load.runner.RunResult;
import ledger.load.runner.Tally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  /** 3 s of calls: 1 to 100 ms, with a few failures and an extra histogram. */
  static RunResult sample() {
    Tally t = new Tally(0, false, 0);
    t.declare("service time (from the actual send)", "stream messages");
    for (int i = 0; i < 300; i++) {
      long end = i * 10 * MS;
      if (i % 50 == 7) {
        t.record("FAILED_PRECONDITION", "insufficient funds <acc-" + i % 3 + ">", MS, end);
      } else {
        t.record("OK", null, (1 + i % 100) * MS, end);
        t.recordExtra("service time (from the actual send)", MS);
      }
    }
    t.add("stream messages", 5);
    return t.result("deposit <test>", "ghz", new JsonObject().put("call", "ledger.v1.CommandService.Deposit")
        .put("load", "closed loop, 4 workers").put("data", new JsonArray().add(new JsonObject().put("x", "https://x"))),
        "from sending the request to its end", List.of("\"proto\" has no effect here"));
  }

  @Test
  void the_json_report_has_every_field_and_they_agree() {
    RunResult r = sample();
    JsonObject json = new JsonObject(JsonReport.of(r).encode());
    assertThat(json.fieldNames()).contains("name", "kind", "date", "config", "count", "skipped", "totalMs", "rps",
        "latencyMeasured", "latencyMs", "histogram", "statusCodeDistribution", "errorDistribution", "throughput",
        "extra", "counters", "notes");
    assertThat(json.getLong("count")).isEqualTo(300);
    JsonObject statuses = json.getJsonObject("statusCodeDistribution");
    assertThat(statuses.getLong("OK") + statuses.getLong("FAILED_PRECONDITION")).isEqualTo(300);
    assertThat(statuses.fieldNames().iterator().next()).isEqualTo("OK");
    long errors = json.getJsonArray("errorDistribution").stream().mapToLong(e -> ((JsonObject) e).getLong("count")).sum();
    assertThat(errors).isEqualTo(statuses.getLong("FAILED_PRECONDITION"));
    long perSecond = json.getJsonArray("throughput").stream()
        .mapToLong(s -> ((JsonObject) s).getLong("ok") + ((JsonObject) s).getLong("errors")).sum();
    assertThat(perSecond).isEqualTo(300);
    assertThat(json.getJsonArray("throughput")).hasSize(3);
    JsonObject latency = json.getJsonObject("latencyMs");
    assertThat(latency.getLong("count")).isEqualTo(statuses.getLong("OK"));
    assertThat(latency.getDouble("min")).isLessThanOrEqualTo(latency.getDouble("p50"));
    assertThat(latency.getDouble("p50")).isLessThanOrEqualTo(latency.getDouble("p90"));
    assertThat(latency.getDouble("p90")).isLessThanOrEqualTo(latency.getDouble("p99"));
    assertThat(latency.getDouble("p99")).isLessThanOrEqualTo(latency.getDouble("p99.9"));
    assertThat(latency.getDouble("p99.9")).isLessThanOrEqualTo(latency.getDouble("max"));
    assertThat(latency.getDouble("max")).isCloseTo(100, within(0.1));
    long inBuckets = json.getJsonArray("histogram").stream().mapToLong(b -> ((JsonObject) b).getLong("count")).sum();
    assertThat(inBuckets).isEqualTo(latency.getLong("count"));
    assertThat(json.getDouble("rps")).isCloseTo(300 / (json.getDouble("totalMs") / 1000), within(0.01));
    assertThat(json.getJsonObject("extra").getJsonObject("service time (from the actual send)").getLong("count"))
        .isEqualTo(statuses.getLong("OK"));
    assertThat(json.getJsonObject("counters").getLong("stream messages")).isEqualTo(5);
    assertThat(json.getJsonObject("config").getString("call")).isEqualTo("ledger.v1.CommandService.Deposit");
  }

  @Test
  void the_html_report_is_self_contained_and_has_both_charts() {
    String html = HtmlReport.render(sample());
    assertThat(html).startsWith("<!DOCTYPE html>");
    Matcher refs = Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html);
    assertThat(refs.find()).as("no src or href to another place").isFalse();
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
        .doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("url(");
    assertThat(html).contains("<svg id=\"latency-histogram\"").contains("<svg id=\"throughput\"");
    assertThat(html.split("<rect class=\"(bar|tail)\"", -1).length - 1).isEqualTo(41);
    assertThat(html.split("<rect class=\"ok\"", -1).length - 1).isEqualTo(3);
    assertThat(html).contains("FAILED_PRECONDITION").contains("insufficient funds &lt;acc-");
    assertThat(html).contains("deposit &lt;test&gt;").doesNotContain("deposit <test>");
    assertThat(html).contains("service time (from the actual send)").contains("stream messages");
  }

  @Test
  void the_summary_reads_like_ghz() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SummaryPrinter.print(sample(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("Summary:", "Count:", "Total:", "Slowest:", "Fastest:", "Average:", "Requests/sec:",
        "Response time histogram:", "Latency distribution:", "10 % in", "99 % in", "99.9 % in",
        "Status code distribution:", "[OK]", "responses", "Error distribution:", "FAILED_PRECONDITION: insufficient funds",
        "Service time (from the actual send):", "Counters:", "Note: \"proto\" has no effect here");
    assertThat(text).containsPattern("Count:\\s+300");
  }

  @Test
  void writes_both_files_named_after_the_run(@TempDir Path dir) throws Exception {
    List<Path> files = ReportWriter.write(sample(), dir);
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("deposit__test_.json",
        "deposit__test_.html");
    assertThat(new JsonObject(Files.readString(files.get(0))).getLong("count")).isEqualTo(300);
    assertThat(Files.readString(files.get(1))).contains("<svg");
  }

  @Test
  void a_run_without_any_ok_call_still_reports() {
    Tally t = new Tally(0, false, 0);
    t.record("UNAVAILABLE", "connection refused", 0, S);
    RunResult r = t.result("down", "ghz", new JsonObject(), "x", List.of());
    assertThat(HtmlReport.render(r)).contains("no data").contains("UNAVAILABLE");
    assertThat(JsonReport.of(r).getJsonObject("latencyMs").getLong("count")).isZero();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SummaryPrinter.print(r, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("no call succeeded");
  }
}

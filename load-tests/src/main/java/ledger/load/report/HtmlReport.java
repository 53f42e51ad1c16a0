package ledger.load.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import ledger.load.runner.Bucket;
import ledger.load.runner.ErrorCount;
import ledger.load.runner.LatencySummary;
import ledger.load.runner.RunResult;
import org.HdrHistogram.Histogram;

/**
 * The human report of a run: one self-contained HTML page (inline CSS and SVG, no script,
 * font or file from anywhere else) with the summary, a latency histogram and the
 * throughput over time.
 */
public final class HtmlReport {

  private static final int BARS = 40;
  private static final String STYLE = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:920px;color:#1d2733;padding:0 12px}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #dde3ea;padding-bottom:4px}
      .sub{color:#5b6b7c;margin:0 0 16px}.cards{display:flex;flex-wrap:wrap;gap:10px}
      .card{border:1px solid #dde3ea;border-radius:6px;padding:8px 12px;min-width:96px}.card b{display:block;font-size:18px}
      .card span{color:#5b6b7c;font-size:12px}table{border-collapse:collapse;width:100%}
      td,th{border-bottom:1px solid #edf0f4;padding:4px 8px;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      .chart{width:100%;height:auto}.bar{fill:#3b7dd8}.tail{fill:#d8893b}.ok{fill:#3aa36b}.err{fill:#d64545}
      .grid{stroke:#edf0f4}.tick{font-size:11px;fill:#5b6b7c}.label{font-size:12px;fill:#5b6b7c}
      pre{background:#f6f8fa;padding:10px;overflow:auto;font-size:12px}.note{color:#8a5a00}
      """;

  private HtmlReport() {
  }

  public static String render(RunResult r) {
    LatencySummary s = r.summary();
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc("Ledger bench: " + r.name())).append("</title><style>").append(STYLE)
        .append("</style></head><body>\n");
    h.append("<h1>").append(esc(r.name())).append("</h1><p class=\"sub\">")
        .append(esc(r.settings().getString("call", r.kind()))).append(" · ").append(esc(r.started().toString()))
        .append(" · ").append(esc(r.settings().getString("load", ""))).append("</p>\n");
    cards(h, r, s);
    h.append("<h2>Latency histogram</h2><p class=\"sub\">").append(esc("Latency " + r.latencyBasis()))
        .append(". The last bar (orange) holds everything above p99.9.</p>\n");
    long clip = s.count() == 0 ? 0 : r.latency().getValueAtPercentile(99.9);
    h.append(Svg.histogram(Bucket.clipped(r.latency(), clip, BARS))).append('\n');
    h.append("<h2>Throughput over time</h2><p class=\"sub\">Calls that ended in each second: OK (green), errors (red).</p>\n");
    h.append(Svg.throughput(r.okPerSecond(), r.errorsPerSecond())).append('\n');
    h.append("<h2>Latency distribution</h2>");
    latencyTable(h, Map.of("latency", r.latency()), r.extra());
    statusTable(h, r);
    errorTable(h, r.errors());
    if (!r.counters().isEmpty()) {
      h.append("<h2>Counters</h2><table>");
      r.counters().forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td class=\"n\">").append(v)
          .append("</td></tr>"));
      h.append("</table>\n");
    }
    for (String note : r.notes()) {
      h.append("<p class=\"note\">Note: ").append(esc(note)).append("</p>\n");
    }
    h.append("<h2>Settings</h2><pre>").append(esc(r.settings().encodePrettily())).append("</pre>\n");
    return h.append("</body></html>\n").toString();
  }

  private static void cards(StringBuilder h, RunResult r, LatencySummary s) {
    h.append("<div class=\"cards\">");
    card(h, "calls", String.format(Locale.ROOT, "%,d", r.count()));
    card(h, "total", SummaryPrinter.duration(r.totalSeconds() * 1e3));
    card(h, "calls/s", String.format(Locale.ROOT, "%,.1f", r.rps()));
    card(h, "p50", SummaryPrinter.ms(s.p50()));
    card(h, "p99", SummaryPrinter.ms(s.p99()));
    card(h, "p99.9", SummaryPrinter.ms(s.p999()));
    card(h, "max", SummaryPrinter.ms(s.max()));
    card(h, "not OK", String.format(Locale.ROOT, "%,d", r.count() - r.ok()));
    h.append("</div>\n");
  }

  private static void card(StringBuilder h, String label, String value) {
    h.append("<div class=\"card\"><b>").append(esc(value)).append("</b><span>").append(esc(label)).append("</span></div>");
  }

  private static void latencyTable(StringBuilder h, Map<String, Histogram> main, Map<String, Histogram> extra) {
    h.append("<table><tr><th></th><th class=\"n\">count</th><th class=\"n\">min</th><th class=\"n\">avg</th>")
        .append("<th class=\"n\">p50</th><th class=\"n\">p90</th><th class=\"n\">p95</th><th class=\"n\">p99</th>")
        .append("<th class=\"n\">p99.9</th><th class=\"n\">max</th></tr>");
    main.forEach((name, hist) -> latencyRow(h, name, hist));
    extra.forEach((name, hist) -> latencyRow(h, name, hist));
    h.append("</table><p class=\"sub\">milliseconds</p>\n");
  }

  private static void latencyRow(StringBuilder h, String name, Histogram hist) {
    LatencySummary s = LatencySummary.of(hist);
    h.append("<tr><td>").append(esc(name)).append("</td><td class=\"n\">").append(s.count()).append("</td>");
    for (double v : new double[] {s.min(), s.average(), s.p50(), s.p90(), s.p95(), s.p99(), s.p999(), s.max()}) {
      h.append("<td class=\"n\">").append(String.format(Locale.ROOT, "%.2f", v)).append("</td>");
    }
    h.append("</tr>");
  }

  private static void statusTable(StringBuilder h, RunResult r) {
    h.append("<h2>Status code distribution</h2><table>");
    r.statuses().entrySet().stream().sorted(SummaryPrinter.byCount()).forEach(e -> h.append("<tr><td>")
        .append(esc(e.getKey())).append("</td><td class=\"n\">").append(e.getValue()).append("</td></tr>"));
    h.append("</table>\n");
  }

  private static void errorTable(StringBuilder h, List<ErrorCount> errors) {
    if (errors.isEmpty()) {
      return;
    }
    h.append("<h2>Error distribution</h2><table><tr><th class=\"n\">count</th><th>status</th><th>message</th></tr>");
    errors.stream().limit(50).forEach(e -> h.append("<tr><td class=\"n\">").append(e.count()).append("</td><td>")
        .append(esc(e.status())).append("</td><td>").append(esc(e.message())).append("</td></tr>"));
    h.append("</table>\n");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

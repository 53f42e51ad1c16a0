package ledger.load.report;

import java.util.List;
import java.util.Locale;

import ledger.load.runner.Bucket;

/** The two charts of the HTML report, drawn as inline SVG: no script, no external file. */
final class Svg {

  private static final int WIDTH = 860;
  private static final int HEIGHT = 280;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 16;
  private static final int BOTTOM = 44;

  private Svg() {
  }

  /** Bars of a latency histogram; the last bucket is the tail above the clipped range, drawn apart. */
  static String histogram(List<Bucket> buckets) {
    StringBuilder svg = open("latency-histogram", "Latency histogram");
    if (buckets.isEmpty()) {
      return empty(svg);
    }
    long most = Math.max(1, buckets.stream().mapToLong(Bucket::count).max().orElse(1));
    int n = buckets.size();
    double slot = plotWidth() / (double) n;
    yAxis(svg, most, "calls");
    int every = Math.max(1, n / 8);
    for (int i = 0; i < n; i++) {
      Bucket b = buckets.get(i);
      boolean tail = i == n - 1;
      double h = plotHeight() * b.count() / (double) most;
      double x = LEFT + i * slot;
      svg.append(fmt("<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s%.3f ms: %d</title></rect>",
          tail ? "tail" : "bar", x + 1, TOP + plotHeight() - h, Math.max(1, slot - 2), h, tail ? "up to " : "≤ ",
          b.markMs(), b.count()));
      if (tail || i % every == 0) {
        svg.append(fmt("<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s%s</text>", x + slot / 2,
            TOP + plotHeight() + 16, tail ? "tail " : "", number(b.markMs())));
      }
    }
    svg.append(fmt("<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">latency (ms, upper edge of each bar)</text>",
        LEFT + plotWidth() / 2, HEIGHT - 6));
    return close(svg);
  }

  /** Calls completed in each second of the run, OK stacked under errors. */
  static String throughput(long[] ok, long[] errors) {
    StringBuilder svg = open("throughput", "Throughput over time");
    int n = ok.length;
    if (n == 0) {
      return empty(svg);
    }
    long most = 1;
    for (int i = 0; i < n; i++) {
      most = Math.max(most, ok[i] + errors[i]);
    }
    double slot = plotWidth() / (double) n;
    yAxis(svg, most, "calls/s");
    int every = Math.max(1, n / 10);
    for (int i = 0; i < n; i++) {
      double hOk = plotHeight() * ok[i] / (double) most;
      double hErr = plotHeight() * errors[i] / (double) most;
      double x = LEFT + i * slot;
      double base = TOP + plotHeight();
      svg.append(fmt("<rect class=\"ok\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>second %d: %d OK, %d errors</title></rect>",
          x, base - hOk, Math.max(0.5, slot - (slot > 3 ? 1 : 0)), hOk, i, ok[i], errors[i]));
      if (errors[i] > 0) {
        svg.append(fmt("<rect class=\"err\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
            x, base - hOk - hErr, Math.max(0.5, slot - (slot > 3 ? 1 : 0)), hErr));
      }
      if (i % every == 0) {
        svg.append(fmt("<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>", x + slot / 2,
            TOP + plotHeight() + 16, i));
      }
    }
    svg.append(fmt("<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">second of the run</text>",
        LEFT + plotWidth() / 2, HEIGHT - 6));
    return close(svg);
  }

  private static void yAxis(StringBuilder svg, long most, String unit) {
    for (int k = 0; k <= 4; k++) {
      double y = TOP + plotHeight() - plotHeight() * k / 4.0;
      svg.append(fmt("<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT, y, WIDTH - RIGHT, y));
      svg.append(fmt("<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 6, y + 4,
          number(most * k / 4.0)));
    }
    svg.append(fmt("<text class=\"label\" x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>",
        TOP + plotHeight() / 2, TOP + plotHeight() / 2, unit));
  }

  private static StringBuilder open(String id, String title) {
    return new StringBuilder(fmt("<svg id=\"%s\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
        id, WIDTH, HEIGHT, title));
  }

  private static String empty(StringBuilder svg) {
    svg.append(fmt("<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">no data</text>", WIDTH / 2, HEIGHT / 2));
    return close(svg);
  }

  private static String close(StringBuilder svg) {
    return svg.append("</svg>").toString();
  }

  private static int plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private static int plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }

  static String number(double v) {
    if (v >= 100 || v == Math.rint(v)) {
      return fmt("%,.0f", v);
    }
    return v >= 10 ? fmt("%.1f", v) : fmt("%.2f", v);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}

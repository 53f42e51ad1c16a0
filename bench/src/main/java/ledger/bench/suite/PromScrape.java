package ledger.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a Prometheus text exposition: every sample, by name and labels. */
final class PromScrape {

  record Sample(String name, Map<String, String> labels, double value) {
  }

  private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final List<Sample> samples;

  private PromScrape(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  static PromScrape parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      String name;
      Map<String, String> labels = new TreeMap<>();
      String rest;
      if (brace >= 0 && (space < 0 || brace < space)) {
        int close = line.lastIndexOf('}');
        name = line.substring(0, brace);
        Matcher m = LABEL.matcher(line.substring(brace + 1, close));
        while (m.find()) {
          labels.put(m.group(1), m.group(2));
        }
        rest = line.substring(close + 1).trim();
      } else {
        name = line.substring(0, space);
        rest = line.substring(space + 1).trim();
      }
      String value = rest.split(" ")[0];
      out.add(new Sample(name, labels, number(value)));
    }
    return new PromScrape(out);
  }

  static PromScrape empty() {
    return new PromScrape(List.of());
  }

  /** The sum of every sample of that name whose labels include {@code match} (a counter or gauge). */
  double value(String name, Map<String, String> match) {
    return samples.stream().filter(s -> s.name().equals(name) && matches(s.labels(), match))
        .mapToDouble(Sample::value).sum();
  }

  double value(String name) {
    return value(name, Map.of());
  }

  /** The histogram {@code name} ({@code name_bucket}, {@code _sum}, {@code _count}) restricted to {@code match}. */
  PromHistogram histogram(String name, Map<String, String> match) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    for (Sample s : samples) {
      if (s.name().equals(name + "_bucket") && matches(s.labels(), match) && s.labels().containsKey("le")) {
        buckets.merge(number(s.labels().get("le")), s.value(), Double::sum);
      }
    }
    double[] bounds = buckets.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    double[] counts = buckets.values().stream().mapToDouble(Double::doubleValue).toArray();
    return new PromHistogram(bounds, counts, value(name + "_sum", match), value(name + "_count", match));
  }

  PromHistogram histogram(String name) {
    return histogram(name, Map.of());
  }

  private static boolean matches(Map<String, String> labels, Map<String, String> match) {
    return match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}

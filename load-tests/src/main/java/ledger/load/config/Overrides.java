package ledger.load.config;

import java.time.Duration;

/** Command-line values that replace a config file's, like ghz's flags; null leaves the file's value. */
public record Overrides(String host, Integer concurrency, Integer connections, Long total, Duration duration,
                        Integer rps, Duration timeout, Long skipFirst, String name) {

  public static Overrides none() {
    return new Overrides(null, null, null, null, null, null, null, null, null);
  }
}

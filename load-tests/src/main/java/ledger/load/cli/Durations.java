package ledger.load.cli;

import java.time.Duration;

import ledger.load.config.GoDuration;
import picocli.CommandLine.ITypeConverter;

/** Reads "30s", "1m", "500ms" from the command line, as ghz's flags take them. */
public final class Durations implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return GoDuration.parse(value);
  }
}

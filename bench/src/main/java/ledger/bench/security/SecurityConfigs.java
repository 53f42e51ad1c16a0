package ledger.bench.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import ledger.load.config.GoDuration;

/**
 * The ghz files SecurityBench plays: the suite's deposit and GetBalance files with the host of
 * each set-up's server, TLS trusting the run's CA where the set-up has TLS, and the bearer token
 * in the metadata where it verifies tokens. Written into the results folder, so that each run can
 * be played again alone, with {@code ./ledger bench run} or with ghz itself.
 */
final class SecurityConfigs {

  private SecurityConfigs() {
  }

  /** The file of one load under one set-up: {@code <dir>/<load>-<set-up>.json}. */
  static Path write(Path repo, Path dir, Load load, Setup setup, String host, BenchCredentials credentials,
                    Duration duration) {
    JsonObject config = of(read(repo.resolve(load.suiteFile)), load, setup, host, credentials, duration);
    Path file = dir.resolve(load.slug + "-" + setup.slug + ".json");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, config.encodePrettily() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static JsonObject of(JsonObject suite, Load load, Setup setup, String host, BenchCredentials credentials,
                       Duration duration) {
    JsonObject c = suite.copy()
        .put("name", load.slug + "-" + setup.slug)
        .put("host", host)
        .put("insecure", !setup.tls)
        .put("duration", GoDuration.format(duration));
    if (setup.tls) {
      c.put("cacert", setup.transport(credentials).cacert());
    }
    Map<String, String> metadata = setup.metadata(credentials);
    if (!metadata.isEmpty()) {
      JsonObject m = c.getJsonObject("metadata", new JsonObject()).copy();
      metadata.forEach(m::put);
      c.put("metadata", m);
    }
    return c;
  }

  /** Every ledger load's file for every set-up (the ceiling's are written one by one). */
  static Map<Load, Map<Setup, Path>> writeAll(Path repo, Path dir, Map<Setup, String> hosts,
                                              BenchCredentials credentials, Duration duration) {
    Map<Load, Map<Setup, Path>> files = new EnumMap<>(Load.class);
    for (Load load : Load.values()) {
      if (load.ceiling) {
        continue;
      }
      Map<Setup, Path> perSetup = new EnumMap<>(Setup.class);
      hosts.forEach((setup, host) -> perSetup.put(setup, write(repo, dir, load, setup, host, credentials, duration)));
      files.put(load, perSetup);
    }
    return files;
  }

  private static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the suite's " + file + " (run from the repository, or give --repo)",
          e);
    }
  }
}

package ledger.bench.suite;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What the report's opening paragraphs say about the run: when, how, on what, and how long each run lasted. */
record IntroSection(String started, String command, int cores, String postgresVersion, String redisVersion,
                    String fsync, String synchronousCommit, String duration, String warmup, String openWarmup,
                    String firstWarmup, List<String> notes) {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  static IntroSection of(SuiteResult r) {
    return new IntroSection(r.started == null ? null : DAY.format(r.started), r.command, r.machine.cores(),
        r.postgres.getOrDefault("server_version", "?"), r.redis.getOrDefault("redis_version", "?"),
        r.postgres.getOrDefault("fsync", "?"), r.postgres.getOrDefault("synchronous_commit", "?"),
        seconds(r.duration), seconds(r.warmup), seconds(r.warmup.dividedBy(2)), seconds(r.warmup.multipliedBy(2)),
        List.copyOf(r.notes));
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }
}

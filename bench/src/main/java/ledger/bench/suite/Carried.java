package ledger.bench.suite;

import ledger.bench.Sections;

/**
 * The parts of docs/benchmarks.md the suite does not measure and carries over from the file
 * as it was: the profiling write-up (between two marker comments), and the snapshot, rebuild and
 * failover, security and stream-scale benchmark sections (each from its heading to the next second-level heading, the rule
 * by which {@link Sections#replace} writes the last two).
 */
enum Carried {

  PROFILE {
    @Override
    String from(String previous) {
      int begin = previous.indexOf(PROFILE_BEGIN);
      int end = begin < 0 ? -1 : previous.indexOf(PROFILE_END, begin);
      if (end < 0) {
        return PROFILE_BEGIN + " (kept as it is when the suite runs again) -->\n"
            + "### Profile\n\n"
            + "*Not written yet: a profile excerpt of the runs that missed their target, where their time goes, and "
            + "what would close each gap.*\n"
            + PROFILE_END + "\n";
      }
      return previous.substring(begin, end + PROFILE_END.length()) + "\n";
    }
  },

  SNAPSHOTS {
    @Override
    String from(String previous) {
      return section(previous, SNAPSHOT_HEADING, "ledger.bench.snapshot.SnapshotBench");
    }
  },

  REBUILD {
    @Override
    String from(String previous) {
      return section(previous, REBUILD_HEADING, "ledger.bench.rebuild.RebuildBench");
    }
  },

  FAILOVER {
    @Override
    String from(String previous) {
      return section(previous, FAILOVER_HEADING, "ledger.bench.failover.FailoverBench");
    }
  },

  SECURITY {
    @Override
    String from(String previous) {
      return section(previous, SECURITY_HEADING, "ledger.bench.security.SecurityBench");
    }
  },

  STREAM_SCALE {
    @Override
    String from(String previous) {
      return section(previous, STREAM_SCALE_HEADING, "ledger.bench.suite.StreamScaleBench");
    }
  };

  static final String PROFILE_BEGIN = "<!-- profile:begin";
  static final String PROFILE_END = "<!-- profile:end -->";
  static final String SNAPSHOT_HEADING = "## A long history does not slow an account down (snapshots)";
  static final String REBUILD_HEADING = Sections.REBUILD_HEADING;
  static final String FAILOVER_HEADING = Sections.FAILOVER_HEADING;
  static final String SECURITY_HEADING = Sections.SECURITY_HEADING;
  static final String STREAM_SCALE_HEADING = Sections.STREAM_SCALE_HEADING;

  /** From {@code heading} to the next second-level heading, or a placeholder naming the benchmark to run. */
  private static String section(String previous, String heading, String benchmark) {
    int begin = previous.indexOf(heading);
    if (begin < 0) {
      return heading + "\n\n*Not measured yet: run `" + benchmark + "` (see bench/README.md) and record its figures"
          + " here.*\n";
    }
    int next = previous.indexOf("\n## ", begin + heading.length());
    String section = next < 0 ? previous.substring(begin) : previous.substring(begin, next + 1);
    // the blank line before the next heading is the template's, not the section's
    return section.stripTrailing() + "\n";
  }

  /** The block as the previous file had it, or a placeholder. */
  abstract String from(String previous);
}

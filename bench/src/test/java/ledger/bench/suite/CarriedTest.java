package ledger.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the suite keeps of docs/benchmarks.md when it writes it again. */
class CarriedTest {

  private static final String PREVIOUS = """
      # Benchmarks

      ## First rough figures

      old table

      ## Where the time goes

      <!-- profile:begin (kept) -->
      ### Profile

      async-profiler says: the JSON codec.
      <!-- profile:end -->

      ## A long history does not slow an account down (snapshots)

      | a | b |
      |---|---|

      - With snapshots ...
      """;

  @Test
  void the_snapshot_section_is_kept_to_the_end_of_the_file() {
    assertThat(Carried.SNAPSHOTS.from(PREVIOUS)).startsWith("## A long history does not slow an account down")
        .endsWith("- With snapshots ...\n").doesNotContain("First rough");
  }

  @Test
  void the_snapshot_section_stops_at_the_next_second_level_heading() {
    assertThat(Carried.SNAPSHOTS.from(PREVIOUS + "\n## Later\n\nmore\n")).doesNotContain("Later");
  }

  @Test
  void the_rebuild_section_is_kept_beside_the_snapshot_section() {
    String previous = PREVIOUS + "\n## Rebuilding every view\n\n1,000,000 events at 108,000/s\n";
    assertThat(Carried.SNAPSHOTS.from(previous)).doesNotContain("Rebuilding");
    assertThat(Carried.REBUILD.from(previous)).startsWith("## Rebuilding every view").contains("108,000/s");
    assertThat(Carried.REBUILD.from(PREVIOUS)).contains("RebuildBench");
  }

  @Test
  void the_failover_section_is_kept_after_the_rebuild_section() {
    String previous = PREVIOUS + "\n## Rebuilding every view\n\nrebuild table\n\n## Failover of the projection writer\n"
        + "\n| kill -9 | 0.90 s |\n";
    assertThat(Carried.REBUILD.from(previous)).contains("rebuild table").doesNotContain("Failover");
    assertThat(Carried.FAILOVER.from(previous)).startsWith("## Failover of the projection writer")
        .endsWith("| kill -9 | 0.90 s |\n");
    assertThat(Carried.FAILOVER.from(PREVIOUS)).contains("FailoverBench");
  }

  @Test
  void the_security_section_is_kept_after_the_failover_section() {
    String previous = PREVIOUS + "\n## Failover of the projection writer\n\nfailover table\n\n"
        + "## The cost of TLS and JWT verification\n\n| TLS, no auth | 3,600 |\n";
    assertThat(Carried.FAILOVER.from(previous)).contains("failover table").doesNotContain("TLS");
    assertThat(Carried.SECURITY.from(previous)).startsWith("## The cost of TLS and JWT verification")
        .endsWith("| TLS, no auth | 3,600 |\n");
    assertThat(Carried.SECURITY.from(PREVIOUS)).contains("SecurityBench");
  }

  @Test
  void the_stream_scale_section_is_kept_after_the_security_section() {
    String previous = PREVIOUS + "\n## The cost of TLS and JWT verification\n\nsecurity table\n\n"
        + "## Balance streams at scale: 10,000 streams on one instance\n\n| ledger | 41.2 ms |\n";
    assertThat(Carried.SECURITY.from(previous)).contains("security table").doesNotContain("Balance streams");
    assertThat(Carried.STREAM_SCALE.from(previous))
        .startsWith("## Balance streams at scale: 10,000 streams on one instance").endsWith("| ledger | 41.2 ms |\n");
    assertThat(Carried.STREAM_SCALE.from(PREVIOUS)).contains("StreamScaleBench");
  }

  @Test
  void the_profile_block_is_kept_verbatim() {
    assertThat(Carried.PROFILE.from(PREVIOUS)).startsWith("<!-- profile:begin (kept) -->")
        .contains("async-profiler says").endsWith("<!-- profile:end -->\n");
  }

  @Test
  void without_them_there_are_marked_placeholders() {
    assertThat(Carried.PROFILE.from("")).contains("<!-- profile:begin").contains("Not written yet");
    assertThat(Carried.SNAPSHOTS.from("")).contains("SnapshotBench");
  }
}

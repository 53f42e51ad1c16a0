package ledger.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How a benchmark writes its section into docs/benchmarks.md, and the notes on the machine it adds. */
class SectionsTest {

  private static final String DOC = "# Benchmarks\n\n## Rebuilding every view\n\nold figures\n\n## Later\n\nkept\n";

  @Test
  void a_section_replaces_the_one_of_its_heading_up_to_the_next_heading() {
    assertThat(Sections.replace(DOC, Sections.REBUILD_HEADING, "## Rebuilding every view\n\nnew figures\n"))
        .isEqualTo("# Benchmarks\n\n## Rebuilding every view\n\nnew figures\n\n## Later\n\nkept\n");
  }

  @Test
  void a_last_section_is_replaced_to_the_end_of_the_file() {
    String doc = "# Benchmarks\n\n## Failover of the projection writer\n\nold\n| a |\n";
    assertThat(Sections.replace(doc, Sections.FAILOVER_HEADING, "## Failover of the projection writer\n\nnew\n\n\n"))
        .isEqualTo("# Benchmarks\n\n## Failover of the projection writer\n\nnew\n");
  }

  @Test
  void a_section_the_file_does_not_have_yet_is_appended() {
    assertThat(Sections.replace(DOC, Sections.FAILOVER_HEADING, "## Failover of the projection writer\n\nfigures\n"))
        .isEqualTo(DOC + "\n## Failover of the projection writer\n\nfigures\n");
  }

  @Test
  void writing_again_changes_nothing_more() {
    String once = Sections.replace(DOC, Sections.REBUILD_HEADING, "## Rebuilding every view\n\nnew\n");
    assertThat(Sections.replace(once, Sections.REBUILD_HEADING, "## Rebuilding every view\n\nnew\n")).isEqualTo(once);
  }

  @Test
  void a_section_must_start_with_its_heading() {
    assertThatThrownBy(() -> Sections.replace(DOC, Sections.REBUILD_HEADING, "## Something else\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_load_above_the_cores_before_or_after_says_the_machine_was_busy() {
    assertThat(Sections.busy("0.50 0.40 0.30 1/200 99", "1.90 0.80 0.40 1/200 99", 2)).isEmpty();
    assertThat(Sections.busy("0.50 0.40 0.30 1/200 99", "6.91 5.00 4.00 3/200 99", 2))
        .contains("busy (1-minute load average up to 6.91 on 2 cores)").contains("lower bounds");
  }

  @Test
  void the_commit_without_its_subject() {
    assertThat(Sections.commit("6a407bbac4dd (Partitions, the foundation (a, b))")).isEqualTo("6a407bbac4dd");
    assertThat(Sections.commit("6a407bbac4dd (x), plus uncommitted changes in 8 files"))
        .isEqualTo("6a407bbac4dd plus uncommitted changes");
  }

  @Test
  void a_run_that_measured_the_other_work_is_busy_by_that_or_by_the_load_before_it() {
    assertThat(Sections.busy("1.17 3.29 5.31 1/200 99", 0.01, 2)).as("its own load afterwards does not count").isEmpty();
    assertThat(Sections.busy("0.50 0.40 0.30 1/200 99", 0.6, 2)).contains("other work used up to 0.60 of its 2 cores")
        .contains("lower bounds");
    assertThat(Sections.busy("3.10 2.00 1.00 1/200 99", 0.0, 2)).contains("busy (1-minute load average up to 3.10");
  }
}

package ledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProgress.Phase;
import org.junit.jupiter.api.Test;

class RebuildDisplayTest {

  private static RebuildProgress progress(Phase phase, long events, long elapsedMs) {
    return RebuildProgress.newBuilder().setPhase(phase).setGeneration(1).setEventsReplayed(events)
        .setEventsTotalEstimate(1_000_000).setCheckpoint("900:" + events).setEventsPerSecond(100_000)
        .setElapsedMs(elapsedMs).build();
  }

  @Test
  void a_terminal_sees_one_bar_redrawn_in_place_with_the_rate_and_the_time_left() {
    StringWriter out = new StringWriter();
    RebuildDisplay display = new RebuildDisplay(new PrintWriter(out), true);
    display.show(progress(Phase.REPLAYING, 250_000, 2_500));
    display.show(progress(Phase.REPLAYING, 500_000, 5_000));

    assertThat(out.toString()).doesNotContain("\n").startsWith("\r[#######.......................]  25% replaying")
        .contains("\r[###############...............]  50% replaying   500,000 events, 100,000 events/s, ETA 5s");
    String summary = display.summary(RebuildProgress.newBuilder(progress(Phase.DONE, 1_000_000, 10_000))
        .setOldKeysRemoved(10_002).build());
    assertThat(summary).startsWith("\r[##############################] 100% done").contains(System.lineSeparator()
        + "rebuilt every view as generation 1: 1,000,000 events replayed in 10.0 s (100,000 events/s); live at"
        + " checkpoint 900:1000000; 10,002 keys of the old generation removed");
  }

  @Test
  void a_log_gets_a_line_per_phase_and_at_most_one_a_second_while_replaying() {
    StringWriter out = new StringWriter();
    RebuildDisplay display = new RebuildDisplay(new PrintWriter(out), false);
    display.show(progress(Phase.REPLAYING, 0, 0));
    display.show(progress(Phase.REPLAYING, 25_000, 250));
    display.show(progress(Phase.REPLAYING, 100_000, 1_000));
    display.show(progress(Phase.CATCHING_UP, 120_000, 1_200));

    assertThat(out.toString().lines()).containsExactly(
        "replaying generation 1: 0 events replayed (about 0%), 100,000 events/s, 0.0 s",
        "replaying generation 1: 100,000 events replayed (about 10%), 100,000 events/s, 1.0 s",
        "catching up generation 1: 120,000 events replayed (about 12%), 100,000 events/s, 1.2 s");
  }

  @Test
  void partitioned_views_get_lines_naming_their_partition_and_a_summary_of_each() {
    StringWriter out = new StringWriter();
    RebuildDisplay display = new RebuildDisplay(new PrintWriter(out), false);
    display.show(inPartition(progress(Phase.REPLAYING, 0, 0), 0));
    display.show(inPartition(progress(Phase.REPLAYING, 0, 0), 1));
    display.show(inPartition(progress(Phase.REPLAYING, 10_000, 100), 1));
    display.show(inPartition(progress(Phase.DONE, 20_000, 200), 1));
    RebuildProgress last = inPartition(progress(Phase.DONE, 30_000, 300), 0);
    display.show(last);

    assertThat(out.toString().lines()).containsExactly(
        "partition 0: replaying generation 1: 0 events replayed (about 0%), 100,000 events/s, 0.0 s",
        "partition 1: replaying generation 1: 0 events replayed (about 0%), 100,000 events/s, 0.0 s");
    assertThat(display.summary(last).lines()).containsExactly(
        "rebuilt the views of partition 0 of 2 as generation 1: 30,000 events replayed in 0.3 s (100,000 events/s);"
            + " live at checkpoint 900:30000; 0 keys of the old generation removed",
        "rebuilt the views of partition 1 of 2 as generation 1: 20,000 events replayed in 0.2 s (100,000 events/s);"
            + " live at checkpoint 900:20000; 0 keys of the old generation removed");
  }

  @Test
  void a_partition_without_a_writer_says_so_and_one_built_in_another_process_is_summed_up_from_its_checkpoint() {
    StringWriter out = new StringWriter();
    RebuildDisplay display = new RebuildDisplay(new PrintWriter(out), false);
    display.show(inPartition(progress(Phase.REPLAYING, 0, 0), 0).toBuilder().setNoWriter(true).build());
    display.show(inPartition(progress(Phase.REPLAYING, 0, 100), 0));
    RebuildProgress last = inPartition(progress(Phase.DONE, 30_000, 300), 0).toBuilder().setFollowedFromStore(true)
        .build();
    display.show(last);

    assertThat(out.toString().lines()).containsExactly(
        "partition 0: no projection process writes this partition: its rebuild waits for one",
        "partition 0: replaying generation 1: 0 events replayed (about 0%), 100,000 events/s, 0.1 s");
    assertThat(display.summary(last).lines()).containsExactly(
        "rebuilt the views of partition 0 of 2 as generation 1, by its writer in another process, in 0.3 s;"
            + " live at checkpoint 900:30000");
  }

  private static RebuildProgress inPartition(RebuildProgress progress, int partition) {
    return progress.toBuilder().setPartition(partition).setPartitions(2).build();
  }
}

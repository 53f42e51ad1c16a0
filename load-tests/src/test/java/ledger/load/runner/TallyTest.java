package ledger.load.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TallyTest {

  private static final long S = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  private static RunResult result(Tally t) {
    return t.result("run", "ghz", new JsonObject(), "test", List.of());
  }

  @Test
  void counts_statuses_and_by_default_keeps_only_ok_latencies_as_ghz_does() {
    Tally t = new Tally(0, false, 0);
    t.record("OK", null, 2 * MS, S / 2);
    t.record("OK", null, 4 * MS, S / 2);
    t.record("FAILED_PRECONDITION", "insufficient funds", 900 * MS, S + 1);
    RunResult r = result(t);
    assertThat(r.count()).isEqualTo(3);
    assertThat(r.statuses()).containsEntry("OK", 2L).containsEntry("FAILED_PRECONDITION", 1L);
    assertThat(r.latency().getTotalCount()).isEqualTo(2);
    assertThat(r.summary().max()).isLessThan(5);
    assertThat(r.errors()).containsExactly(new ErrorCount("FAILED_PRECONDITION", "insufficient funds", 1));
  }

  @Test
  void with_count_errors_failed_calls_are_in_the_latencies_too() {
    Tally t = new Tally(0, true, 0);
    t.record("OK", null, 2 * MS, 1);
    t.record("CANCELLED", "x", 900 * MS, 2);
    assertThat(result(t).latency().getTotalCount()).isEqualTo(2);
  }

  @Test
  void skip_first_leaves_the_first_results_out_entirely() {
    Tally t = new Tally(0, false, 2);
    assertThat(t.record("UNAVAILABLE", "cold", 1, 1)).isFalse();
    assertThat(t.record("OK", null, 1_000 * MS, 1)).isFalse();
    assertThat(t.record("OK", null, 3 * MS, 2)).isTrue();
    RunResult r = result(t);
    assertThat(r.count()).isEqualTo(1);
    assertThat(r.skipped()).isEqualTo(2);
    assertThat(r.statuses()).containsOnlyKeys("OK");
    assertThat(r.summary().max()).isLessThan(4);
  }

  @Test
  void completions_are_counted_per_second_of_the_run_and_the_total_time_ends_at_the_last() {
    Tally t = new Tally(10 * S, false, 0);
    t.record("OK", null, MS, 10 * S + 100 * MS);
    t.record("OK", null, MS, 10 * S + 900 * MS);
    t.record("ABORTED", "conflict", MS, 12 * S + 1);
    t.record("OK", null, MS, 12 * S + 5 * MS);
    RunResult r = result(t);
    assertThat(r.okPerSecond()).containsExactly(2, 0, 1);
    assertThat(r.errorsPerSecond()).containsExactly(0, 0, 1);
    assertThat(r.totalNanos()).isEqualTo(2 * S + 5 * MS);
    assertThat(r.rps()).isCloseTo(4 / 2.005, org.assertj.core.api.Assertions.within(0.001));
  }

  @Test
  void after_close_nothing_counts_and_the_run_ends_there() {
    Tally t = new Tally(0, false, 0);
    t.record("OK", null, MS, S);
    t.close(3 * S);
    assertThat(t.record("OK", null, MS, 4 * S)).isFalse();
    RunResult r = result(t);
    assertThat(r.count()).isEqualTo(1);
    assertThat(r.totalNanos()).isEqualTo(3 * S);
  }

  @Test
  void errors_are_grouped_by_status_and_message_most_frequent_first() {
    Tally t = new Tally(0, false, 0);
    t.record("ABORTED", "conflict", 1, 1);
    t.record("NOT_FOUND", "no account acc-1", 1, 1);
    t.record("NOT_FOUND", "no account acc-1", 1, 1);
    assertThat(result(t).errors()).containsExactly(new ErrorCount("NOT_FOUND", "no account acc-1", 2),
        new ErrorCount("ABORTED", "conflict", 1));
  }

  @Test
  void extra_histograms_and_counters_are_reported_by_name() {
    Tally t = new Tally(0, false, 0);
    t.declare("service time", "stale reads");
    t.recordExtra("service time", 5 * MS);
    t.add("stale reads", 0);
    t.add("stream messages", 3);
    RunResult r = result(t);
    assertThat(r.extra()).containsKey("service time");
    assertThat(r.extra().get("service time").getTotalCount()).isEqualTo(1);
    assertThat(r.counters()).containsEntry("stale reads", 0L).containsEntry("stream messages", 3L);
  }
}

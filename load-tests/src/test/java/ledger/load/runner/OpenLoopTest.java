package ledger.load.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.LongUnaryOperator;
import java.util.stream.IntStream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The open loop against a simulated server on a fake clock: time only moves when the test
 * moves it, so the numbers are exact and the test takes milliseconds.
 */
class OpenLoopTest {

  private static final long MS = 1_000_000L;

  /** One call the simulated server is working on. */
  private record Pending(long doneAt, long n, long intended, long sent, int worker) {
  }

  /** Drives one lane to the end; the server answers a call sent at t at {@code server.applyAsLong(t)}. */
  private static final class Simulation {
    final Histogram corrected = Tally.histogram();
    final Histogram naive = Tally.histogram();
    final TreeSet<Long> started = new TreeSet<>();
    final PriorityQueue<Pending> server = new PriorityQueue<>(Comparator.comparingLong(Pending::doneAt));
    int maxInFlight;
    long now;

    void run(OpenLoop loop, LongUnaryOperator answerAt) {
      OpenLoop.State state = loop.pump(now);
      while (true) {
        long nextDue = state == OpenLoop.State.WAITING ? loop.nextDue() : Long.MAX_VALUE;
        long nextDone = server.isEmpty() ? Long.MAX_VALUE : server.peek().doneAt();
        if (nextDue == Long.MAX_VALUE && nextDone == Long.MAX_VALUE) {
          break;
        }
        now = Math.min(nextDue, nextDone);
        while (!server.isEmpty() && server.peek().doneAt() <= now) {
          Pending p = server.poll();
          corrected.recordValue(p.doneAt() - p.intended());
          naive.recordValue(p.doneAt() - p.sent());
          loop.release(p.worker());
        }
        state = loop.pump(now);
      }
      assertThat(loop.finished()).isTrue();
    }

    OpenLoop.Starter starter(LongUnaryOperator answerAt) {
      return (n, intended, worker) -> {
        assertThat(started.add(n)).as("request %d started once", n).isTrue();
        assertThat(now).as("never before its time").isGreaterThanOrEqualTo(intended);
        server.add(new Pending(answerAt.applyAsLong(now), n, intended, now, worker));
        maxInFlight = Math.max(maxInFlight, server.size());
      };
    }
  }

  private static List<Integer> workers(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void a_healthy_server_gets_the_schedule_exactly_and_latency_is_service_time() {
    Simulation sim = new Simulation();
    LongUnaryOperator oneMs = t -> t + MS;
    OpenLoop loop = new OpenLoop(new Schedule(0, 500, 1_000, Long.MAX_VALUE), 0, 1, workers(10), sim.starter(oneMs));
    sim.run(loop, oneMs);
    assertThat(sim.started).hasSize(1_000);
    assertThat(sim.corrected.getMaxValue()).isLessThanOrEqualTo(sim.corrected.highestEquivalentValue(MS));
    assertThat(sim.now).isEqualTo(999 * 2 * MS + MS);
    assertThat(sim.maxInFlight).isEqualTo(1);
  }

  @Test
  void a_stalled_server_inflates_the_latency_of_every_call_that_was_due_during_the_stall() {
    // 1,000 calls/s for 3 s, at most 10 in flight; the server answers in 1 ms but nothing between 1 s and 2 s
    LongUnaryOperator stallingServer = t -> t + MS >= 1_000 * MS && t < 2_000 * MS ? 2_000 * MS : t + MS;
    Simulation sim = new Simulation();
    OpenLoop loop = new OpenLoop(new Schedule(0, 1_000, 3_000, Long.MAX_VALUE), 0, 1, workers(10),
        sim.starter(stallingServer));
    sim.run(loop, stallingServer);

    assertThat(sim.started).hasSize(3_000);
    assertThat(sim.maxInFlight).isEqualTo(10);
    // measured from the actual send, only the ten calls caught in flight look slow ...
    assertThat(sim.naive.getCountBetweenValues(500 * MS, Long.MAX_VALUE / 4)).isEqualTo(10);
    assertThat(sim.naive.getValueAtPercentile(99)).isLessThanOrEqualTo(sim.naive.highestEquivalentValue(MS));
    // ... measured from the schedule, every call due during the stall carries its wait:
    // due at t in [1.009 s, 2 s) it starts once the backlog ahead of it drains (10 per ms after 2 s)
    long over500 = sim.corrected.getCountBetweenValues(500 * MS, Long.MAX_VALUE / 4);
    assertThat(over500).isBetween(540L, 580L);
    assertThat(sim.corrected.getMaxValue()).isGreaterThanOrEqualTo(990 * MS);
    assertThat(sim.corrected.getValueAtPercentile(90)).isGreaterThan(300 * MS);
    assertThat(sim.corrected.getValueAtPercentile(50)).isLessThanOrEqualTo(sim.corrected.highestEquivalentValue(MS));
    // and the backlog is worked off at the concurrency limit: done by about 2.11 s, then back on schedule
    assertThat(sim.now).isEqualTo(2_999 * MS + MS);
  }

  @Test
  void a_call_is_not_started_before_it_is_due_and_the_lane_says_when_the_next_is() {
    List<Long> starts = new ArrayList<>();
    OpenLoop loop = new OpenLoop(new Schedule(1_000, 100, 5, Long.MAX_VALUE), 0, 1, workers(2),
        (n, intended, worker) -> starts.add(n));
    assertThat(loop.pump(999)).isEqualTo(OpenLoop.State.WAITING);
    assertThat(starts).isEmpty();
    assertThat(loop.pump(1_000)).isEqualTo(OpenLoop.State.WAITING);
    assertThat(starts).containsExactly(0L);
    assertThat(loop.nextDue()).isEqualTo(1_000 + 10 * MS);
    // both workers busy and two calls due: blocked until one is released
    assertThat(loop.pump(1_000 + 30 * MS)).isEqualTo(OpenLoop.State.BLOCKED);
    assertThat(starts).containsExactly(0L, 1L);
    loop.release(0);
    assertThat(loop.pump(1_000 + 30 * MS)).isEqualTo(OpenLoop.State.BLOCKED);
    assertThat(starts).containsExactly(0L, 1L, 2L);
    assertThat(loop.inFlight()).isEqualTo(2);
  }

  @Test
  void lanes_share_the_schedule_between_them_without_gaps_or_overlaps() {
    Schedule schedule = new Schedule(0, 1_000, 10, Long.MAX_VALUE);
    List<long[]> calls = new ArrayList<>();
    for (int lane = 0; lane < 3; lane++) {
      OpenLoop loop = new OpenLoop(schedule, lane, 3, workers(100), (n, intended, w) -> calls.add(new long[] {n, intended}));
      assertThat(loop.pump(Long.MAX_VALUE / 2)).isEqualTo(OpenLoop.State.EXHAUSTED);
    }
    assertThat(calls).extracting(c -> c[0]).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(c[0] * MS));
  }

  @Test
  void a_timed_schedule_has_no_call_due_at_or_after_its_end() {
    Schedule schedule = new Schedule(0, 100, Long.MAX_VALUE, 1_000 * MS);
    assertThat(schedule.includes(99)).isTrue();
    assertThat(schedule.includes(100)).isFalse();
    List<Long> starts = new ArrayList<>();
    OpenLoop loop = new OpenLoop(schedule, 0, 1, workers(1_000), (n, intended, w) -> starts.add(n));
    assertThat(loop.pump(5_000 * MS)).isEqualTo(OpenLoop.State.EXHAUSTED);
    assertThat(starts).hasSize(100);
    assertThat(loop.finished()).isFalse();
    starts.forEach(n -> loop.release(0));
    assertThat(loop.finished()).isTrue();
  }
}

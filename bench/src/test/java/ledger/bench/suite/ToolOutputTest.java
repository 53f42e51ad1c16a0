package ledger.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading what pgbench, redis-benchmark and /proc print. */
class ToolOutputTest {

  @Test
  void redis_benchmark_csv_with_a_header_gives_rate_and_percentiles() {
    String csv = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\","
        + "\"p99_latency_ms\",\"max_latency_ms\"\n\"GET\",\"86956.52\",\"0.330\",\"0.096\",\"0.319\",\"0.471\","
        + "\"0.655\",\"1.567\"\n";
    assertThat(RedisBench.parse(csv, "get")).containsExactly(86956.52, 0.319, 0.655);
  }

  @Test
  void redis_benchmark_csv_of_a_command_of_its_own_is_found_by_the_command_name() {
    String csv = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\",\"p95_latency_ms\","
        + "\"p99_latency_ms\",\"max_latency_ms\"\n\"HSET acc:__rand_int__ balance 1234 version __rand_int__\","
        + "\"117233.30\",\"0.418\",\"0.064\",\"0.103\",\"2.287\",\"7.295\",\"45.631\"\n";
    assertThat(RedisBench.parse(csv, "HSET")).containsExactly(117233.30, 0.103, 7.295);
  }

  @Test
  void old_redis_benchmark_csv_gives_the_rate_only() {
    double[] figures = RedisBench.parse("GET: rps=1234.0\r\"GET\",\"86956.52\"\n", "GET");
    assertThat(figures[0]).isEqualTo(86956.52);
    assertThat(figures[2]).isNaN();
  }

  @Test
  void pgbench_summary_lines() {
    String out = """
        number of transactions actually processed: 204113
        number of failed transactions: 0 (0.000%)
        latency average = 9.406 ms
        tps = 6802.123456 (without initial connection time)
        """;
    assertThat(PgBench.number(java.util.regex.Pattern.compile("tps = ([0-9.]+) \\(without"), out))
        .isEqualTo(6802.123456);
  }

  @Test
  void a_proc_stat_line_whose_name_has_spaces_and_parentheses() {
    Proc.Stat s = Proc.Stat.parse("4242 (postgres: a (b) c) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 1 0");
    assertThat(s.pid()).isEqualTo(4242);
    assertThat(s.name()).isEqualTo("postgres: a (b) c");
    assertThat(s.parent()).isEqualTo(17);
    assertThat(s.ticks()).isEqualTo(new Proc.Ticks(300, 10));
  }

  @Test
  void this_process_is_visible_in_proc() {
    if (!Proc.available()) {
      return;
    }
    long self = ProcessHandle.current().pid();
    assertThat(Proc.stat(self)).isPresent();
    assertThat(Proc.rssKb(self).orElse(0)).isPositive();
    assertThat(Proc.machineTicks()[1]).isPositive();
  }

  @Test
  void warm_up_is_reached_when_the_moving_average_stays_near_the_steady_rate() {
    assertThat(WarmUpSection.reached(new long[] {100, 500, 900, 1000, 1000, 1000}, 1000)).isEqualTo(3);
    assertThat(WarmUpSection.reached(new long[] {100, 200, 300}, 1000)).isEqualTo(-1);
  }
}

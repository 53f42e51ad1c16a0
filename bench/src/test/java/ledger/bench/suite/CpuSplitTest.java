package ledger.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Where the CPU went, from two /proc snapshots: each process's own ticks over the window, in cores. */
class CpuSplitTest {

  private static final long SELF = ProcessHandle.current().pid();

  @Test
  void roles_in_processes_of_their_own_are_the_service_together_and_each_on_its_own() {
    // 10 s on 2 cores: 2,000 ticks, 1,500 of them busy
    CpuSplit.Snapshot start = snapshot(0, 0, 0, Map.of(11L, 0L, 12L, 0L, 13L, 0L, 20L, 0L, 30L, 0L));
    CpuSplit.Snapshot end = snapshot(10, 1_500, 2_000, Map.of(11L, 500L, 12L, 200L, 13L, 100L, 20L, 300L, 30L, 100L));

    CpuSplit.Split split = CpuSplit.between(start, end, new CpuSplit.Pids(0, 20, 30, 0,
        Map.of("command", 11L, "projection", 12L, "query", 13L)));

    assertThat(split.roles()).containsOnlyKeys("command", "projection", "query");
    assertThat(split.roles().get("command")).isCloseTo(0.5, within(1e-9));
    assertThat(split.roles().get("projection")).isCloseTo(0.2, within(1e-9));
    assertThat(split.roles().get("query")).isCloseTo(0.1, within(1e-9));
    assertThat(split.parts().get(CpuSplit.Split.SERVICE)).as("the roles together").isCloseTo(0.8, within(1e-9));
    assertThat(split.parts().get(CpuSplit.Split.POSTGRES)).isCloseTo(0.3, within(1e-9));
    assertThat(split.parts().get(CpuSplit.Split.REDIS)).isCloseTo(0.1, within(1e-9));
    assertThat(split.parts().get(CpuSplit.Split.OTHER)).as("busy, and none of the named processes")
        .isCloseTo(0.3, within(1e-9));
    assertThat(split.parts().get(CpuSplit.Split.IDLE)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void a_role_that_was_not_running_at_both_ends_is_not_measured() {
    CpuSplit.Snapshot start = snapshot(0, 0, 0, Map.of(11L, 0L, 12L, 0L));
    CpuSplit.Snapshot end = snapshot(10, 1_000, 2_000, Map.of(11L, 500L));

    CpuSplit.Split split = CpuSplit.between(start, end, new CpuSplit.Pids(0, 0, 0, 0,
        Map.of("command", 11L, "query", 12L)));

    assertThat(split.roles().get("command")).isCloseTo(0.5, within(1e-9));
    assertThat(split.roles().get("query")).as("gone before the end").isNaN();
  }

  @Test
  void one_service_process_has_no_roles_of_its_own() {
    CpuSplit.Snapshot start = snapshot(0, 0, 0, Map.of(10L, 0L));
    CpuSplit.Snapshot end = snapshot(10, 1_000, 2_000, Map.of(10L, 900L));

    CpuSplit.Split split = CpuSplit.between(start, end, new CpuSplit.Pids(10, 0, 0, 0));

    assertThat(split.roles()).isEmpty();
    assertThat(split.parts().get(CpuSplit.Split.SERVICE)).isCloseTo(0.9, within(1e-9));
  }

  /** At {@code seconds}: the machine's busy and total ticks, and each process's own ticks (this JVM's are 0). */
  private static CpuSplit.Snapshot snapshot(long seconds, long busy, long total, Map<Long, Long> ticks) {
    Map<Long, Proc.Stat> processes = new java.util.HashMap<>();
    ticks.forEach((pid, self) -> processes.put(pid, new Proc.Stat(pid, "p" + pid, 1, new Proc.Ticks(self, 0))));
    processes.put(SELF, new Proc.Stat(SELF, "load", 1, new Proc.Ticks(0, 0)));
    return new CpuSplit.Snapshot(seconds * 1_000_000_000L, new long[] {busy, total}, processes);
  }
}

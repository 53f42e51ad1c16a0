package ledger.bench.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import ledger.bench.suite.Machine;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** docs/benchmarks.md's security section from a made-up run: each set-up beside plaintext, the costs in words. */
class SecuritySectionTest {

  private static final Machine MACHINE = new Machine(2, "AMD EPYC", 24_000, "6.1", "Debian", "ext4", "openjdk 21",
      "abc123def456 (a subject)", "0.10 0.20 0.30 1/2 3");

  /** Two rounds of {@code ok} calls each in 10 s, every latency {@code p99Ms}, and CPU per call in µs. */
  private static Measured measured(long okPerRound, double p99Ms, double serviceUs, double loadUs, long failed) {
    Measured m = new Measured();
    for (int round = 0; round < 2; round++) {
      Histogram h = new Histogram(3_600_000_000_000L, 3);
      h.recordValueWithCount((long) (p99Ms * 1e6), okPerRound);
      m.add(okPerRound, round == 0 ? failed : 0, 10, h, (long) (serviceUs * 1e3 * okPerRound),
          (long) (loadUs * 1e3 * okPerRound));
    }
    return m;
  }

  private static SecurityRun run(String loadAfter) {
    Map<Load, Map<Setup, Measured>> results = new EnumMap<>(Load.class);
    Map<Setup, Measured> deposits = new EnumMap<>(Setup.class);
    deposits.put(Setup.PLAINTEXT, measured(40_000, 20, 200, 80, 0));
    deposits.put(Setup.TLS, measured(36_000, 22, 230, 95, 0));
    deposits.put(Setup.JWT, measured(38_000, 21, 215, 80, 0));
    deposits.put(Setup.TLS_JWT, measured(34_000, 24, 245, 95, 3));
    Map<Setup, Measured> reads = new EnumMap<>(Setup.class);
    reads.put(Setup.PLAINTEXT, measured(100_000, 4, 60, 50, 0));
    reads.put(Setup.TLS, measured(80_000, 5, 75, 62, 0));
    reads.put(Setup.JWT, measured(90_000, 4.4, 68, 50, 0));
    reads.put(Setup.TLS_JWT, measured(75_000, 5.5, 82, 62, 0));
    results.put(Load.DEPOSITS, deposits);
    results.put(Load.READS, reads);
    Map<Setup, Measured> ceiling = new EnumMap<>(Setup.class);
    ceiling.put(Setup.PLAINTEXT, measured(300_000, 2, 20, 30, 0));
    ceiling.put(Setup.TLS, measured(270_000, 2.2, 24, 35, 0));
    results.put(Load.CEILING, ceiling);
    return new SecurityRun(Instant.parse("2026-12-07T15:00:00Z"), MACHINE, loadAfter, Map.of("server_version", "17.6",
        "fsync", "on"), "6.2.6", "-Xmx384m", "java -cp bench/target/ledger-bench.jar ledger.bench.security.SecurityBench"
        + " -z 20s --warmup 10s --rounds 2 --docs docs/benchmarks.md", "20s", "10s", 2,
        "plain, tls, jwt, tls-jwt, then the reverse", results);
  }

  @Test
  void each_set_up_has_its_rate_p99_and_cpu_beside_plaintext() {
    String md = SecuritySection.render(run("0.50 0.40 0.30 1/2 3"));
    assertThat(md).startsWith("## The cost of TLS and JWT verification\n");
    assertThat(md).contains("### Deposit").contains("### GetBalance");
    assertThat(md).contains("| plaintext, no auth | 4,000 | 4,000, 4,000 | 1.00 | 20.0 ms | 1.00 | 200 µs | 80 µs | 0 |");
    assertThat(md).contains("| TLS, no auth | 3,600 | 3,600, 3,600 | 0.90 | 22.0 ms | 1.10 | 230 µs | 95 µs | 0 |");
    assertThat(md).contains("| TLS and JWT | 3,400 | 3,400, 3,400 | 0.85 | 24.0 ms | 1.20 | 245 µs | 95 µs | **3** |");
    assertThat(md).contains("| plaintext, JWT | 9,000 | 9,000, 9,000 | 0.90 | 4.40 ms | 1.10 | 68 µs | 50 µs | 0 |");
    assertThat(md).contains("- deposits/s against plaintext without auth: TLS −10 %, JWT −5 %, both −15 %.");
    assertThat(md).contains("- GetBalance/s against plaintext without auth: TLS −20 %, JWT −10 %, both −25 %.");
    assertThat(md).contains("2 rounds, the order reversed every other round (plain, tls, jwt, tls-jwt, then the "
        + "reverse)");
    assertThat(md).contains("SecurityBench -z 20s --warmup 10s --rounds 2").doesNotContain("busy");
    assertThat(md).contains("- **TLS, no auth**: `--tls-cert`").contains("- **TLS and JWT**: both;");
    assertThat(md).contains("### GetBalance against the ceiling server").contains("| TLS, no auth | 27,000 |")
        .contains("- GetBalance/s at the ceiling server against plaintext without auth: TLS −10 %.")
        .contains("what TLS costs the gRPC stack alone");
  }

  @Test
  void without_plaintext_there_are_no_ratios_and_no_costs() {
    SecurityRun all = run("0.50 0.40 0.30 1/2 3");
    Map<Load, Map<Setup, Measured>> tlsOnly = new EnumMap<>(Load.class);
    all.results().forEach((load, bySetup) -> tlsOnly.put(load,
        new EnumMap<>(Map.of(Setup.TLS, bySetup.get(Setup.TLS)))));
    tlsOnly.remove(Load.CEILING);
    String md = SecuritySection.render(new SecurityRun(all.started(), all.machine(), all.loadAfter(), all.postgres(),
        all.redisVersion(), all.jvm(), all.command(), all.duration(), all.warmup(), 1, "tls", tlsOnly));
    assertThat(md).contains("| TLS, no auth | 3,600 | 3,600, 3,600 | — | 22.0 ms | — |").doesNotContain("plaintext, no "
        + "auth |").doesNotContain("against plaintext without auth").contains("one round");
    assertThat(md).doesNotContain("ceiling server (");
  }

  @Test
  void a_busy_machine_is_said_plainly() {
    assertThat(SecuritySection.render(run("7.50 4.00 3.00 1/2 3"))).contains("The machine was busy");
  }

  @Test
  void rounds_alternate_their_order() {
    List<Setup> all = Setup.parse(List.of("plain", "tls", "jwt", "tls-jwt"));
    assertThat(SecurityBench.order(all, 1)).containsExactly(Setup.PLAINTEXT, Setup.TLS, Setup.JWT, Setup.TLS_JWT);
    assertThat(SecurityBench.order(all, 2)).containsExactly(Setup.TLS_JWT, Setup.JWT, Setup.TLS, Setup.PLAINTEXT);
    assertThat(SecurityBench.order(Setup.parse(List.of("tls", "plain", "tls")), 3))
        .containsExactly(Setup.TLS, Setup.PLAINTEXT);
    assertThat(List.of(SecuritySection.change(0.934), SecuritySection.change(1.02), SecuritySection.change(1.0)))
        .containsExactly("−7 %", "+2 %", "±0 %");
  }
}

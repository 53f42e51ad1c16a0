package ledger.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ledger.app.server.LedgerServer;
import ledger.app.server.ServerConfig;
import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.load.config.Overrides;
import ledger.load.runner.LoadRunner;
import ledger.load.runner.RunResult;
import ledger.load.runner.ScenarioValidator;
import ledger.load.scenario.AccountSetup;
import ledger.load.scenario.PairsScenario;
import ledger.load.scenario.StreamLagScenario;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped ghz scenarios against a whole ledger (every role) in this JVM, on the test
 * PostgreSQL and Redis: each config fits what the server serves through reflection, and
 * small runs of each go through the runner end to end, as do the Java-only scenarios.
 */
class GhzScenariosIT {

  private static final int ACCOUNTS = 1_000;
  private static LedgerServer server;
  private static String host;

  @BeforeAll
  static void start() {
    int grpcPort = TestInfra.freePort();
    server = LedgerServer.start(ServerConfig.defaults()
        .withEndpoints("127.0.0.1", grpcPort, TestInfra.freePort())
        .withStorage(Path.of("target", "unused-data"), TestInfra.pgUrl(TestInfra.freshDatabase("bench")),
            TestInfra.redisUrl(), TestInfra.freshPrefix("bench"))
        .withSizing(2, 8, 4)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)));
    host = "127.0.0.1:" + grpcPort;
    AccountSetup.Result setup = new AccountSetup(new AccountSetup.Options(host, ACCOUNTS, "acc-", "USD", 1_000_000, 32,
        Duration.ofSeconds(10))).run();
    assertThat(setup.errors()).isEmpty();
    assertThat(setup.opened()).isEqualTo(ACCOUNTS);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static GhzConfig config(String file, Long total) {
    return GhzConfigParser.parse(GhzFilesTest.ghzDir().resolve(file))
        .with(new Overrides(host, null, null, total, null, null, null, null, null));
  }

  private static RunResult run(String file, long total) {
    return new LoadRunner(null).run(config(file, total));
  }

  @Test
  void every_config_names_a_served_call_through_both_reflection_versions_and_fits_its_request() throws Exception {
    List<Path> files = GhzFilesTest.files();
    assertThat(files).hasSize(6);
    try (ScenarioValidator validator = new ScenarioValidator()) {
      for (Path file : files) {
        ScenarioValidator.Verdict verdict = validator.check(config(file.getFileName().toString(), null));
        assertThat(verdict.problems()).as(file.toString()).isEmpty();
        assertThat(verdict.description()).as(file.toString()).startsWith("ledger.v1.");
      }
    }
  }

  @Test
  void setup_is_idempotent() {
    AccountSetup.Result again = new AccountSetup(new AccountSetup.Options(host, 20, "acc-", "USD", 1_000_000, 4,
        Duration.ofSeconds(10))).run();
    assertThat(again.ok()).isTrue();
    assertThat(again.opened()).isZero();
    assertThat(again.alreadyThere()).isEqualTo(20);
    assertThat(again.funded()).isZero();
    assertThat(again.fundedBefore()).isEqualTo(20);
  }

  @Test
  void deposit_runs_end_to_end_all_ok() {
    RunResult r = run("deposit.json", 50);
    assertThat(r.count()).isEqualTo(50);
    assertThat(r.statuses()).containsOnly(entry("OK", 50L));
    assertThat(r.latency().getTotalCount()).isEqualTo(50);
  }

  @Test
  void balance_runs_end_to_end_all_ok() {
    RunResult r = run("balance.json", 50);
    assertThat(r.statuses()).containsOnly(entry("OK", 50L));
  }

  @Test
  void the_other_unary_scenarios_run_all_ok_on_set_up_accounts() {
    for (String file : List.of("withdraw.json", "transfer.json", "open-accounts.json")) {
      RunResult r = run(file, 40);
      assertThat(r.statuses()).as(file).containsOnly(entry("OK", 40L));
    }
  }

  @Test
  void balance_stream_runs_end_to_end_all_ok() {
    RunResult r = run("balance-stream.json", 20);
    // each stream is ended by the client after its first message, which the runner counts as OK
    assertThat(r.statuses()).containsOnly(entry("OK", 20L));
    assertThat(r.counters()).containsEntry("stream messages", 20L);
  }

  @Test
  void pairs_read_their_own_writes() {
    RunResult r = new PairsScenario(new PairsScenario.Options("pairs", host, 4, 1, 40, Duration.ZERO, ACCOUNTS, "acc-",
        "USD", Duration.ofSeconds(10))).run();
    assertThat(r.statuses()).containsOnly(entry("OK", 40L));
    assertThat(r.counters()).containsEntry("stale reads (version older than the deposit's)", 0L);
    assertThat(r.extra()).containsKeys("Deposit", "GetBalance with the deposit's token");
  }

  @Test
  void pairs_in_an_open_loop_keep_their_rate_and_read_their_own_writes() {
    RunResult r = new PairsScenario(new PairsScenario.Options("pairs-open", host, 8, 2, 40, Duration.ZERO, ACCOUNTS,
        "acc-", "USD", Duration.ofSeconds(10), 100)).run();
    assertThat(r.statuses()).containsOnly(entry("OK", 40L));
    assertThat(r.counters()).containsEntry("stale reads (version older than the deposit's)", 0L);
    assertThat(r.totalSeconds()).as("40 pairs at 100/s take about 0.4 s").isGreaterThan(0.35);
    assertThat(r.extra().get("pair service time (from the actual send)").getTotalCount()).isEqualTo(40);
    assertThat(r.latencyBasis()).contains("scheduled start");
  }

  @Test
  void stream_lag_sees_every_deposit_on_its_stream_in_order() {
    RunResult r = new StreamLagScenario(new StreamLagScenario.Options("lag", host, 5, 40, Duration.ofSeconds(1),
        "lag-", "USD", Duration.ofSeconds(10), Duration.ofSeconds(5))).run();
    assertThat(r.statuses()).containsOnly(entry("OK", 40L));
    assertThat(r.counters()).containsEntry("version gaps or repeats", 0L).containsEntry("streams that ended early", 0L)
        .containsEntry("stream updates received", 40L);
    assertThat(r.extra().get("Deposit (scheduled start to answer)").getTotalCount()).isEqualTo(40);
  }

  @Test
  void stream_lag_multiplexes_its_streams_over_the_connections_asked_for_and_measures_the_servers_memory() {
    // the server runs in this JVM: its memory is this process's
    long self = ProcessHandle.current().pid();
    RunResult r = new StreamLagScenario(new StreamLagScenario.Options("lag-scale", host, 50, 100, Duration.ofSeconds(2),
        "scale-", "USD", Duration.ofSeconds(10), Duration.ofSeconds(5), 2, self)).run();
    assertThat(r.statuses()).containsOnly(entry("OK", 200L));
    assertThat(r.counters()).containsEntry("version gaps or repeats", 0L).containsEntry("streams that ended early", 0L)
        .containsEntry("stream updates received", 200L).containsEntry("updates not from this run", 0L);
    assertThat(r.extra().get("from the Deposit's answer to its message (0 when the message came first)")
        .getTotalCount()).isEqualTo(200);
    assertThat(r.settings().getInteger("connections")).isEqualTo(2);
    assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("50 streams over 2 connections"))
        .anySatisfy(n -> assertThat(n).startsWith("server process " + self + ", after a full GC")
            .contains("KiB per stream"));
  }
}

package ledger.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.load.grpc.MethodTarget;
import ledger.load.runner.ConfigCheck;
import ledger.v1.CommandServiceOuterClass;
import ledger.v1.QueryServiceOuterClass;
import org.junit.jupiter.api.Test;

/** The suite's own ghz configs (ghz/suite/) fit the contract and load what the targets name. */
class SuiteConfigsTest {

  private static GhzConfig config(String file) {
    return GhzConfigParser.parse(Path.of(System.getProperty("ghz.dir", "ghz")).resolve("suite").resolve(file));
  }

  @Test
  void deposits_go_to_10000_accounts_from_64_callers() {
    GhzConfig c = config("deposit-10k.json");
    assertThat(c.notes()).isEmpty();
    assertThat(c.concurrency()).isEqualTo(SuiteRun.DEPOSIT_CALLERS);
    assertThat(c.data().get(0).getString("account_id")).isEqualTo("acc-{{randomInt 0 10000}}");
    assertThat(c.data().get(0).getString("command_id")).contains("{{newUUID}}");
    assertThat(ConfigCheck.problems(c, new MethodTarget(CommandServiceOuterClass.getDescriptor()
        .findServiceByName("CommandService").findMethodByName("Deposit")))).isEmpty();
  }

  @Test
  void reads_go_to_the_same_10000_accounts_from_32_callers() {
    GhzConfig c = config("balance-10k.json");
    assertThat(c.notes()).isEmpty();
    assertThat(c.concurrency()).isEqualTo(SuiteRun.READ_CALLERS);
    assertThat(c.connections()).isEqualTo(SuiteRun.CONNECTIONS);
    assertThat(c.data().get(0).getString("account_id")).isEqualTo("acc-{{randomInt 0 10000}}");
    assertThat(ConfigCheck.problems(c, new MethodTarget(QueryServiceOuterClass.getDescriptor()
        .findServiceByName("QueryService").findMethodByName("GetBalance")))).isEmpty();
  }

  @Test
  void transfers_go_from_the_first_half_of_the_accounts_to_the_second_so_none_is_overdrawn() {
    GhzConfig c = config("transfer-10k.json");
    assertThat(c.notes()).isEmpty();
    assertThat(c.concurrency()).isEqualTo(SuiteRun.DEPOSIT_CALLERS);
    assertThat(c.connections()).isEqualTo(SuiteRun.CONNECTIONS);
    assertThat(c.data().get(0).getString("from_account_id")).isEqualTo("acc-{{randomInt 0 5000}}");
    assertThat(c.data().get(0).getString("to_account_id")).isEqualTo("acc-{{randomInt 5000 10000}}");
    // at 2,000/s for a warm-up and a run, each sender gives about 2,000 * 45 s / 5,000 * 50 = 900 of its 1,000,000
    assertThat(c.data().get(0).getString("amount_minor")).isEqualTo("{{randomInt 1 100}}");
    assertThat(ConfigCheck.problems(c, new MethodTarget(CommandServiceOuterClass.getDescriptor()
        .findServiceByName("CommandService").findMethodByName("Transfer")))).isEmpty();
  }
}

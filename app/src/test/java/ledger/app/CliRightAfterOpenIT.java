package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;

import ledger.app.server.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: deposit, withdraw and transfer looked up the account's currency in the views,
 * so typed right after {@code open}, before the projection had caught up, they failed with
 * ACCOUNT_NOT_FOUND. Here no projection runs at all, so the views never catch up.
 */
class CliRightAfterOpenIT {

  @RegisterExtension
  static final ServerFixture ledger = new ServerFixture(EnumSet.of(Role.COMMAND, Role.QUERY));

  @Test
  void postings_right_after_open_do_not_wait_for_the_projection() {
    assertThat(CliRun.of(ledger, "open", "payer", "EUR").exit()).isZero();
    assertThat(CliRun.of(ledger, "open", "payee", "EUR").exit()).isZero();

    assertThat(CliRun.of(ledger, "deposit", "payer", "10").lines()).startsWith("deposited 10.00 EUR to payer");
    assertThat(CliRun.of(ledger, "withdraw", "payer", "2.50").lines()).startsWith("withdrew 2.50 EUR from payer");
    assertThat(CliRun.of(ledger, "transfer", "payer", "payee", "1").lines())
        .startsWith("transferred 1.00 EUR from payer to payee");
    assertThat(CliRun.of(ledger, "deposit", "nobody", "1")).isEqualTo(new CliRun(1, List.of(
        "error: NOT_FOUND ACCOUNT_NOT_FOUND: account nobody does not exist", "  account_id = nobody")));
  }
}

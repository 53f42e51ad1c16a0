package ledger.query;

import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.readmodel.AccountView;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full rebuild makes a new view generation live: a running query node switches to its keys
 * when the feed announces it, and a node started later reads which one is live at start.
 * The account read here exists only in generation 1, so a node that still read generation 0
 * (or the store) would answer NOT_FOUND.
 */
class GenerationSwitchIT {

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(5));

  @Test
  void running_and_new_nodes_read_the_generation_a_switch_made_live() {
    bed.writer().open("before-switch", "USD", 0);
    bed.projection().project();
    QueryClient running = bed.client(QueryClient.Kind.VERTX);
    assertThat(running.getBalanceNow("before-switch", "").ok()).isTrue();
    AccountView onlyInNext = new AccountView(AccountId.of("only-in-generation-1"), 4_200, "EUR", AccountStatus.OPEN, 0,
        3, 99, Instant.parse("2026-12-07T06:00:00Z").truncatedTo(ChronoUnit.MICROS));

    bed.projection().switchTo(1, onlyInNext);

    eventually(() -> {
      Reply<Balance> read = running.getBalanceNow("only-in-generation-1", "");
      assertThat(read.ok()).as(read.toString()).isTrue();
      assertThat(read.value().getBalanceMinor()).isEqualTo(4_200);
    });
    QueryClient cold = bed.connect(QueryClient.Kind.GRPC_JAVA, bed.startNode(Duration.ofSeconds(5)));
    Reply<Balance> read = cold.getBalanceNow("only-in-generation-1", "");
    assertThat(read.ok()).as(read.toString()).isTrue();
    assertThat(read.value().getVersion()).isEqualTo(3);
  }
}

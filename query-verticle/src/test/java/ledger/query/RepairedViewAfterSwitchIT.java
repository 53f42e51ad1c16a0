package ledger.query;

import static ledger.testkit.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import ledger.testkit.Reply;
import ledger.v1.Balance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8: the view cache only moves forward per account, so a view that a full rebuild repaired
 * at the same version stayed in it after the switch, and reads kept answering the damaged one.
 */
class RepairedViewAfterSwitchIT {

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(5));

  @Test
  void a_view_the_rebuild_repaired_at_the_same_version_is_not_answered_from_the_cache_after_the_switch() {
    QueryClient client = bed.client(QueryClient.Kind.VERTX);
    bed.writer().open("repaired", "USD", 0);
    bed.writer().deposit("repaired", 40, "the true balance");
    bed.projection().projectQuietly();
    bed.projection().damageBalance("repaired", 999_999);
    Reply<Balance> damaged = client.getBalanceNow("repaired", "");
    assertThat(damaged.value().getBalanceMinor()).as("read, and kept in the cache").isEqualTo(999_999);

    bed.projection().rebuild();

    eventually(() -> {
      Reply<Balance> read = client.getBalanceNow("repaired", "");
      assertThat(read.value().getVersion()).isEqualTo(2);
      assertThat(read.value().getBalanceMinor()).isEqualTo(40);
    });
  }
}

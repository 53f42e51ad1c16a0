package ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import io.vertx.redis.client.impl.ZModem;
import org.junit.jupiter.api.Test;

/**
 * On Redis Cluster every script and multi-key command of the views must find its keys in one
 * hash slot, or the cluster refuses it (CROSSSLOT). The slots here are computed by
 * vertx-redis-client's own CRC16, the one that routes the commands.
 */
class ClusterSlotsTest {

  private static final List<String> PREFIXES = List.of("ledger:", "tenant{7}:", "test:Some-IT:12:");

  @Test
  void the_keys_each_script_or_mget_uses_together_share_one_slot_in_every_partition_and_generation() {
    for (String base : PREFIXES) {
      for (int count : new int[] {1, 4}) {
        Partitioning partitioning = new Partitioning(base, count);
        for (int partition = 0; partition < count; partition++) {
          for (long generation : new long[] {0, 1, 7}) {
            ViewKeys keys = partitioning.keys(partition).at(generation);
            String where = keys.prefix() + " generation " + generation;
            // checkpoint.lua, reset.lua and ViewWriter's MGET
            assertThat(slots(keys.checkpoint(), keys.origin())).as(where).hasSize(1);
            // switch.lua, Generations' request script and MGET
            assertThat(slots(keys.liveGeneration(), keys.rebuilding(), keys.retired())).as(where).hasSize(1);
          }
        }
      }
    }
  }

  @Test
  void account_views_spread_over_the_slots_by_their_id_alone() {
    ViewKeys keys = new ViewKeys("ledger:");
    ViewKeys later = keys.at(3);
    ledger.domain.AccountId id = ledger.domain.AccountId.of("acc-1");
    assertThat(slot(keys.account(id))).isEqualTo(slot(later.account(id))).isEqualTo(slot("{acc-1}"));
    assertThat(slots(List.of("a", "b", "c", "d", "e", "f").stream()
        .map(a -> keys.account(ledger.domain.AccountId.of(a))).toArray(String[]::new))).hasSizeGreaterThan(1);
  }

  private static java.util.Set<Integer> slots(String... keys) {
    return List.of(keys).stream().map(ClusterSlotsTest::slot).collect(Collectors.toSet());
  }

  private static int slot(String key) {
    return ZModem.generate(key.getBytes(StandardCharsets.UTF_8));
  }
}

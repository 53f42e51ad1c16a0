package ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import ledger.domain.AccountId;
import ledger.store.pg.AdvisoryLocks;
import org.junit.jupiter.api.Test;

class PartitioningTest {

  @Test
  void one_partition_keeps_the_keys_and_the_lock_of_before_partitions() {
    Partitioning single = Partitioning.single("ledger:");
    assertThat(single.of(AccountId.of("anything"))).isZero();
    assertThat(single.prefixOf(0)).isEqualTo("ledger:");
    assertThat(single.keysOf(AccountId.of("a")).account(AccountId.of("a"))).isEqualTo("ledger:acct:{a}");
    assertThat(single.keys(0).checkpoint()).isEqualTo("ledger:checkpoint");
    assertThat(single.writerLock(0)).isEqualTo(AdvisoryLocks.PROJECTION_WRITER);
  }

  @Test
  void each_partition_of_a_count_has_a_key_space_and_a_lock_of_its_own() {
    Set<String> prefixes = new HashSet<>();
    Set<Long> locks = new HashSet<>();
    for (int count : new int[] {1, 2, 3, 4, 16, Partitioning.MAX_COUNT}) {
      Partitioning partitioning = new Partitioning("ledger:", count);
      partitioning.partitions().forEach(p -> {
        assertThat(prefixes.add(partitioning.prefixOf(p))).as("prefix of %d of %d", p, count).isTrue();
        assertThat(locks.add(partitioning.writerLock(p))).as("lock of %d of %d", p, count).isTrue();
      });
    }
    assertThat(locks).doesNotContain(AdvisoryLocks.MIGRATION);
    assertThat(new Partitioning("ledger:", 4).keys(1).checkpoint()).isEqualTo("ledger:p1of4:checkpoint");
    assertThat(new Partitioning("ledger:", 4).keys(1).feedChannel()).isEqualTo("ledger:p1of4:applied");
  }

  @Test
  void the_hash_is_fixed_forever_and_spreads_accounts() {
    // Changing these breaks every deployment with more than one partition: the views of an
    // account would be looked for in another partition than the one its writer fills.
    // (values of CRC-32 mod N, as zlib.crc32 in Python or java.util.zip.CRC32 compute it)
    assertThat(Partitioning.partitionOf("acc-1", 4)).isEqualTo(1);
    assertThat(Partitioning.partitionOf("alice", 4)).isEqualTo(3);
    assertThat(Partitioning.partitionOf("bob", 4)).isEqualTo(0);
    assertThat(Partitioning.partitionOf("alice", 16)).isEqualTo(7);
    assertThat(Partitioning.partitionOf("acct:0042", 16)).isEqualTo(15);
    assertThat(Partitioning.partitionOf("acc-1", 3)).isEqualTo(2);
    int[] counts = new int[4];
    Partitioning four = new Partitioning("ledger:", 4);
    IntStream.range(0, 10_000).forEach(i -> counts[four.of(AccountId.of("acc-" + i))]++);
    for (int c : counts) {
      assertThat(c).isBetween(2_200, 2_800);
    }
  }

  @Test
  void a_count_outside_1_to_64_or_a_partition_outside_the_count_is_refused() {
    assertThatThrownBy(() -> new Partitioning("ledger:", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Partitioning("ledger:", 65)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Partitioning("ledger:", 2).prefixOf(2)).isInstanceOf(IllegalArgumentException.class);
  }
}

package ledger.store.pg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Processes of different versions share a database: a lock key that moves is a lock nobody shares. */
class AdvisoryLocksTest {

  @Test
  void the_keys_are_the_ones_running_processes_already_use() {
    assertThat(AdvisoryLocks.MIGRATION).isEqualTo(7201560001L);
    assertThat(AdvisoryLocks.PROJECTION_WRITER).isEqualTo(7201560002L);
  }

  @Test
  void the_members_key_of_a_partition_count_is_no_writer_lock_of_any_count() {
    java.util.Set<Long> writers = new java.util.HashSet<>();
    for (int count = 1; count <= 64; count++) {
      for (int partition = 0; partition < count; partition++) {
        writers.add(AdvisoryLocks.projectionWriter(partition, count));
      }
    }
    for (int count = 2; count <= 64; count++) {
      assertThat(writers).doesNotContain(AdvisoryLocks.projectionMembers(count));
      assertThat(AdvisoryLocks.projectionMembers(count)).isNotEqualTo(AdvisoryLocks.MIGRATION);
    }
    assertThat(AdvisoryLocks.projectionMembers(4)).isNotEqualTo(AdvisoryLocks.projectionMembers(5));
  }

  @Test
  void the_migration_takes_and_gives_back_the_migration_key() {
    assertThat(Sql.MIGRATION_LOCK).isEqualTo("SELECT pg_advisory_lock(7201560001)");
    assertThat(Sql.MIGRATION_UNLOCK).isEqualTo("SELECT pg_advisory_unlock(7201560001)");
  }
}

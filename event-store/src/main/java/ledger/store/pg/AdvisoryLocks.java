package ledger.store.pg;

/**
 * The PostgreSQL advisory-lock keys of every ledger process, in one place so two uses can
 * never pick the same key. A key is compared by every process on the database, old
 * versions included: changing one lets an old and a new process both think they hold it.
 */
public final class AdvisoryLocks {

  /** Held while the schema is migrated, so instances starting together migrate one after another. */
  public static final long MIGRATION = 7201560001L;

  /** Held by the one active projection writer, on a connection of its own, for as long as it writes. */
  public static final long PROJECTION_WRITER = 7201560002L;

  /** Base of the writer locks of partitioned projections: count * 1000 + partition is added to it. */
  private static final long PARTITION_WRITERS = 7201570000L;

  /**
   * The writer lock of partition {@code partition} of {@code count}: {@link #PROJECTION_WRITER}
   * for a single partition (the lock of before partitions), one key per partition and count
   * otherwise, so writers of two partition counts (a rolling change) never take each other's lock
   * and never think they share one.
   */
  public static long projectionWriter(int partition, int count) {
    if (count < 1 || count > 999 || partition < 0 || partition >= count) {
      throw new IllegalArgumentException("partition " + partition + " of " + count);
    }
    return count == 1 ? PROJECTION_WRITER : PARTITION_WRITERS + count * 1000L + partition;
  }

  /**
   * Held shared, on one session of each projection process of a partitioned projection of
   * {@code count} partitions, so each process can count the others and take only its share
   * of the partitions (partition numbers stop below 999, so this key is no writer's).
   */
  public static long projectionMembers(int count) {
    if (count < 2 || count > 999) {
      throw new IllegalArgumentException("members of " + count + " partitions");
    }
    return PARTITION_WRITERS + count * 1000L + 999;
  }

  private AdvisoryLocks() {
  }
}

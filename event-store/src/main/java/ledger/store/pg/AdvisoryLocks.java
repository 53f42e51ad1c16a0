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

  private AdvisoryLocks() {
  }
}

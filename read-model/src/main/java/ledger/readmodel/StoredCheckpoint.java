package ledger.readmodel;

import ledger.store.Origin;

/**
 * The checkpoint and its origin as Redis holds them, each "" when absent: an origin-less
 * checkpoint was written before origins existed, and is adopted by the first writer that moves it.
 */
public record StoredCheckpoint(String checkpoint, String origin) {

  public static final StoredCheckpoint NONE = new StoredCheckpoint("", "");

  /** True when the views were built from a database other than {@code mine}. */
  public boolean isForeignTo(Origin mine) {
    return !origin.isEmpty() && !origin.equals(mine.encode());
  }
}

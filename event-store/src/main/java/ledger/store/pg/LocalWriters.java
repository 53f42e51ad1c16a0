package ledger.store.pg;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * How many of the projection's partitions the projection in this process (this Vert.x instance)
 * writes right now, out of how many. While it writes every one, a commit's NOTIFY would wake no
 * tail that the local event bus has not woken already (a standby elsewhere does not tail), so
 * {@link CommitNotifier} leaves it out: one transaction and one round trip less per group commit,
 * and no wake-up of the LISTEN session. A partition this process stops writing (lock lost, handed
 * over, stopped) counts out before a process elsewhere can take it, so from then on commits are
 * announced again; the tails also poll, so a missed ring could only cost latency, never data.
 * Thread-safe.
 */
public final class LocalWriters implements Shareable {

  private static final String MAP = "ledger.local-writers";

  private volatile long state;

  LocalWriters() {
  }

  /** This Vert.x instance's. */
  public static LocalWriters of(Vertx vertx) {
    LocalMap<String, LocalWriters> map = vertx.sharedData().getLocalMap(MAP);
    return map.computeIfAbsent(MAP, key -> new LocalWriters());
  }

  /** The local projection now writes {@code writing} of the {@code partitions} partitions. */
  public void writing(int writing, int partitions) {
    state = ((long) partitions << 32) | writing;
  }

  /** How many partitions the local projection writes right now. */
  public int writing() {
    return (int) state;
  }

  /** Whether the local projection writes every partition, so no tail elsewhere reads the store. */
  public boolean everyPartition() {
    long now = state;
    int partitions = (int) (now >>> 32);
    return partitions > 0 && (int) now == partitions;
  }
}

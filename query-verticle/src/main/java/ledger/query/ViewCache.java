package ledger.query;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.store.Checkpoint;

/**
 * Recently read or changed views, in memory, in front of Redis: a hot account is read
 * without a round trip. Fed by the projection's announcements, and only ever moved
 * forward per account (an older view never replaces a newer one, not even one evicted
 * meanwhile), so a read that raced an announcement cannot leave a stale entry behind. It
 * drops an account whose view the projection degraded, and everything when the projection
 * forgot the views of another database or the live view generation switched. It is trusted only while the feed is subscribed: it starts suspended, is emptied and
 * suspended the moment the subscription is lost (announcements may be missed from then
 * on), and resumes, empty, once it is back.
 *
 * <p>It also knows how far it is current: every view in it is at least what the views were
 * at the last announced checkpoint it took in. A read that must cover a later point (a token's
 * commit point that Redis already passed but whose announcement has not reached this process
 * yet) does not use it.
 *
 * <p>Reads take no lock (every event loop reads it on every GetBalance); writes, suspend
 * and resume are serialised, so that no write can slip in between a suspension's clearing
 * and the resumption. Bounded: when it outgrows its capacity, a sixteenth of it, in no
 * particular order, is dropped (an access-ordered map would make every read a write).
 */
final class ViewCache {

  private final ConcurrentHashMap<AccountId, AccountView> views = new ConcurrentHashMap<>();
  private final int capacity;
  private volatile boolean live;
  private volatile Checkpoint covered = Checkpoint.START;
  /** Counts switches of the generation, for reads that take no lock. */
  private volatile long switches;
  /** Moves on at every suspension, resumption and eviction: what a read's mark is compared with. */
  private long epoch;
  /** The epoch of the last suspension or resumption: reads marked before it are never cached. */
  private long subscription;

  ViewCache(int capacity) {
    this.capacity = capacity;
  }

  /** The cached view, or null: not cached, or the cache is suspended. */
  AccountView get(AccountId id) {
    return live ? views.get(id) : null;
  }

  /** The cached view if the cache has taken in every announcement up to {@code point}; otherwise null. */
  AccountView covering(AccountId id, Checkpoint point) {
    // covered is read before the view: a view is in the map before covered moves past its batch;
    // and both of one generation: a switch between the two reads may have put a newer generation's
    // view, below the point, where the old one was
    long switchesBefore = switches;
    AccountView view = covered.compareTo(point) >= 0 ? get(id) : null;
    return switches == switchesBefore ? view : null;
  }

  /**
   * Marks the start of a read from Redis; hand the mark back to {@link #offer(AccountView, long)}
   * with what the read found. A read that overlapped a lost subscription may carry a view that
   * an announcement missed meanwhile has since replaced, so its answer is not cached; nor is a
   * read that overlapped an eviction and finds its account uncached (the eviction may have
   * dropped a newer, announced view).
   */
  synchronized long epoch() {
    return epoch;
  }

  /**
   * An announced batch: keeps each view unless a newer one is here, then counts its checkpoint
   * as covered. The latest, not the highest: a checkpoint that went back (views rebuilt, a
   * replaced database) only makes the cache answer less.
   */
  synchronized void offer(FeedMessage batch) {
    if (batch.viewsForgotten()) {
      // the views were another database's: none of them may answer again
      subscription = ++epoch;
      views.clear();
      covered = Checkpoint.START;
      return;
    }
    batch.changes().forEach(change -> offer(change.view()));
    if (!batch.degraded().isEmpty()) {
      // After the changes: the batch may carry an account's last readable events and then degrade
      // it. Like an eviction, so a read in flight finds it uncached and is not kept.
      epoch++;
      batch.degraded().forEach(views::remove);
    }
    if (live) {
      covered = batch.checkpoint();
    }
  }

  /** An announced view: keeps it unless a newer one is already here; ignored while suspended. */
  synchronized void offer(AccountView view) {
    offer(view, epoch);
  }

  /** A view read from Redis by a read that started at {@code readEpoch}. */
  synchronized void offer(AccountView view, long readEpoch) {
    if (!live || readEpoch < subscription) {
      return;
    }
    AccountView current = views.get(view.accountId());
    if (current == null && readEpoch != epoch) {
      // Evicted while this read was in flight, perhaps at a version this read predates.
      return;
    }
    if (current == null || current.version() < view.version()) {
      views.put(view.accountId(), view);
    }
    if (views.size() > capacity) {
      evict(Math.max(1, capacity / 16), view.accountId());
    }
  }

  /** Drops {@code count} views, never the one just offered. */
  private void evict(int count, AccountId keep) {
    epoch++;
    Iterator<AccountId> keys = views.keySet().iterator();
    int dropped = 0;
    while (dropped < count && keys.hasNext()) {
      if (!keys.next().equals(keep)) {
        keys.remove();
        dropped++;
      }
    }
  }

  /**
   * The live generation switched: every view here is of the old one, and a rebuilt view may be
   * another at the same version. Empties it; reads marked before are never kept. The switch's
   * announcement, offered next, says how far the new generation covers.
   */
  synchronized void switched() {
    switches++;
    subscription = ++epoch;
    views.clear();
    covered = Checkpoint.START;
  }

  /** Announcements may be missed from now on: forget everything and cache nothing. */
  synchronized void suspend() {
    live = false;
    subscription = ++epoch;
    views.clear();
    covered = Checkpoint.START;
  }

  /** Announcements flow again: start caching, from empty. */
  synchronized void resume() {
    subscription = ++epoch;
    views.clear();
    live = true;
  }

  int size() {
    return views.size();
  }
}

package ledger.query;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

import ledger.domain.AccountId;
import ledger.readmodel.AccountView;

/**
 * Recently read or changed views, in memory, in front of Redis: a hot account is read
 * without a round trip. Fed by the projection's announcements, and only ever moved
 * forward (an older view never replaces a newer one), so a read that raced an
 * announcement cannot leave a stale entry behind. It is trusted only while the feed is
 * subscribed: it starts suspended, is emptied and suspended the moment the subscription is
 * lost (announcements may be missed from then on), and resumes, empty, once it is back.
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
  private long epoch;

  ViewCache(int capacity) {
    this.capacity = capacity;
  }

  /** The cached view, or null: not cached, or the cache is suspended. */
  AccountView get(AccountId id) {
    return live ? views.get(id) : null;
  }

  /**
   * Marks the start of a read from Redis; hand the mark back to {@link #offer(AccountView, long)}
   * with what the read found. A read that overlapped a lost subscription may carry a view that
   * an announcement missed meanwhile has since replaced, so its answer is not cached.
   */
  synchronized long epoch() {
    return epoch;
  }

  /** An announced view: keeps it unless a newer one is already here; ignored while suspended. */
  synchronized void offer(AccountView view) {
    offer(view, epoch);
  }

  /** A view read from Redis by a read that started at {@code readEpoch}. */
  synchronized void offer(AccountView view, long readEpoch) {
    if (!live || readEpoch != epoch) {
      return;
    }
    views.merge(view.accountId(), view, (current, offered) -> current.version() >= offered.version() ? current : offered);
    if (views.size() > capacity) {
      evict(Math.max(1, capacity / 16), view.accountId());
    }
  }

  /** Drops {@code count} views, never the one just offered. */
  private void evict(int count, AccountId keep) {
    Iterator<AccountId> keys = views.keySet().iterator();
    int dropped = 0;
    while (dropped < count && keys.hasNext()) {
      if (!keys.next().equals(keep)) {
        keys.remove();
        dropped++;
      }
    }
  }

  /** Announcements may be missed from now on: forget everything and cache nothing. */
  synchronized void suspend() {
    live = false;
    epoch++;
    views.clear();
  }

  /** Announcements flow again: start caching, from empty. */
  synchronized void resume() {
    epoch++;
    views.clear();
    live = true;
  }

  int size() {
    return views.size();
  }
}

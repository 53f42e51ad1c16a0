package ledger.query;

import java.util.LinkedHashMap;
import java.util.Map;

import ledger.domain.AccountId;
import ledger.store.view.AccountView;

/**
 * Recently read or changed views, in memory, in front of Redis: a hot account is read
 * without a round trip. Fed by the projection's announcements, and only ever moved
 * forward (an older view never replaces a newer one), so a read that raced an
 * announcement cannot leave a stale entry behind. It is trusted only while the feed is
 * subscribed: it starts suspended, is emptied and suspended the moment the subscription is
 * lost (announcements may be missed from then on), and resumes, empty, once it is back.
 * Thread-safe; bounded, least recently used out first.
 */
final class ViewCache {

  private final Map<AccountId, AccountView> views;
  private boolean live;
  private long epoch;

  ViewCache(int capacity) {
    this.views = new LinkedHashMap<>(Math.min(capacity, 4096), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<AccountId, AccountView> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The cached view, or null: not cached, or the cache is suspended. */
  synchronized AccountView get(AccountId id) {
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
    AccountView current = views.get(view.accountId());
    if (current == null || current.version() < view.version()) {
      views.put(view.accountId(), view);
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

  synchronized int size() {
    return views.size();
  }
}

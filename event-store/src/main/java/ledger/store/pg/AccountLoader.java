package ledger.store.pg;

import io.vertx.core.Future;
import ledger.domain.Account;
import ledger.domain.AccountDecider;
import ledger.domain.AccountId;
import ledger.store.RecordedEvent;

/**
 * An account's state at any version: the newest snapshot at or before it, then the events
 * after it folded in, read in bounded pages.
 */
public final class AccountLoader {

  private final PgEventStore events;
  private final SnapshotStore snapshots;
  private final int pageSize;

  public AccountLoader(PgEventStore events, SnapshotStore snapshots, int pageSize) {
    this.events = events;
    this.snapshots = snapshots;
    this.pageSize = pageSize;
  }

  /** A state and the version of the snapshot it was loaded from (0 for none). */
  public record Loaded(Account state, long snapshotVersion) {

    /** True when at least {@code every} events were folded on top of the snapshot. */
    public boolean snapshotDue(int every) {
      return state.version() - snapshotVersion >= every;
    }
  }

  /** The latest state. */
  public Future<Account> load(AccountId id) {
    return load(id, Long.MAX_VALUE);
  }

  /** The state after {@code version} events (or fewer, if the stream is shorter). */
  public Future<Account> load(AccountId id, long version) {
    return loadWithSnapshot(id, version).map(Loaded::state);
  }

  /** The latest state, with the version of the snapshot it started from. */
  public Future<Loaded> loadWithSnapshot(AccountId id) {
    return loadWithSnapshot(id, Long.MAX_VALUE);
  }

  private Future<Loaded> loadWithSnapshot(AccountId id, long version) {
    return snapshots.latest(id, version).compose(snapshot -> {
      Account start = snapshot.orElse(Account.unopened(id));
      return foldAfter(start, version).map(state -> new Loaded(state, start.version()));
    });
  }

  /** {@code state} brought up to date: only the events after it are read. */
  public Future<Account> foldAfter(Account state, long upToVersion) {
    if (state.version() >= upToVersion) {
      return Future.succeededFuture(state);
    }
    int limit = (int) Math.min(pageSize, upToVersion - state.version());
    return events.readStream(state.id(), state.version() + 1, limit).compose(page -> {
      Account next = AccountDecider.fold(state, page.stream().map(RecordedEvent::event).toList());
      return page.size() == limit ? foldAfter(next, upToVersion) : Future.succeededFuture(next);
    });
  }
}

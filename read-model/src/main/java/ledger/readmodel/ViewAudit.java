package ledger.readmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ledger.domain.Account;
import ledger.domain.AccountDecider;
import ledger.domain.AccountId;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;

/**
 * Holds one account's view to a replay of its events. The view may lag the store (the
 * projection is asynchronous) but never the checkpoint: every event at or before the
 * checkpoint must be in it. At its own version it must equal the replay exactly.
 */
public final class ViewAudit {

  /** How a view can be wrong; the names are those of the AdminService contract. */
  public enum Kind { MISSING, STALE, AHEAD, MISMATCH, DEGRADED }

  /** One field of the view, named as in the Balance message, that is not what the replay gives. */
  public record Field(String name, String view, String expected) {
  }

  /** A view that is not what the events say. */
  public record Difference(AccountId account, Kind kind, long viewVersion, long expectedVersion, List<Field> fields,
                           String detail) {
  }

  private ViewAudit() {
  }

  /**
   * {@code events}: the account's whole stream, in version order, read after the view;
   * {@code covered}: the views' checkpoint, read before the view; {@code view} null when there is none.
   */
  public static Optional<Difference> check(AccountId account, Checkpoint covered, AccountView view,
                                           List<RecordedEvent> events) {
    int coveredVersion = coveredVersion(covered, events);
    if (view == null) {
      return coveredVersion == 0 ? Optional.empty() : Optional.of(new Difference(account, Kind.MISSING, 0,
          coveredVersion, List.of(), "no view, though the checkpoint covers version " + coveredVersion));
    }
    if (view.version() > events.size()) {
      return Optional.of(new Difference(account, Kind.AHEAD, view.version(), events.size(), List.of(),
          "the view is at version " + view.version() + ", the stream has " + events.size() + " events"));
    }
    List<Field> fields = differences(view, replayedTo(account, events, (int) view.version()));
    if (!fields.isEmpty()) {
      return Optional.of(new Difference(account, Kind.MISMATCH, view.version(), view.version(), fields,
          "at version " + view.version() + " the view is not the replay"));
    }
    if (view.version() < coveredVersion) {
      return Optional.of(new Difference(account, Kind.STALE, view.version(), coveredVersion,
          differences(view, replayedTo(account, events, coveredVersion)),
          "the view is at version " + view.version() + ", the checkpoint covers version " + coveredVersion));
    }
    return Optional.empty();
  }

  /** The newest version whose event is at or before the checkpoint; within a stream, commit order is version order. */
  private static int coveredVersion(Checkpoint covered, List<RecordedEvent> events) {
    int version = 0;
    for (RecordedEvent event : events) {
      if (event.checkpoint().compareTo(covered) > 0) {
        break;
      }
      version = (int) event.version();
    }
    return version;
  }

  private static AccountView replayedTo(AccountId account, List<RecordedEvent> events, int version) {
    Account state = Account.unopened(account);
    for (RecordedEvent event : events.subList(0, version)) {
      state = AccountDecider.evolve(state, event.event());
    }
    return AccountView.after(state, events.get(version - 1));
  }

  private static List<Field> differences(AccountView view, AccountView expected) {
    List<Field> fields = new ArrayList<>();
    compare(fields, "balance_minor", view.balanceMinor(), expected.balanceMinor());
    compare(fields, "currency", view.currency(), expected.currency());
    compare(fields, "status", view.status(), expected.status());
    compare(fields, "overdraft_limit_minor", view.overdraftLimitMinor(), expected.overdraftLimitMinor());
    compare(fields, "version", view.version(), expected.version());
    compare(fields, "global_position", view.globalPosition(), expected.globalPosition());
    compare(fields, "updated_at", view.updatedAt(), expected.updatedAt());
    return fields;
  }

  private static void compare(List<Field> fields, String name, Object view, Object expected) {
    if (!view.equals(expected)) {
      fields.add(new Field(name, view.toString(), expected.toString()));
    }
  }
}

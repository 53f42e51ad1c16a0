package ledger.readmodel;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.store.Checkpoint;

/**
 * What the projection publishes after each batch: the state of an account after every
 * event it applied, in stream order, with the event that made it, and the checkpoint the
 * views now cover. Token waiters and balance streams wake on it; JSON so that
 * {@code redis-cli subscribe} reads it. {@code degraded} names the accounts this batch found or
 * left degraded: their reads and waits answer VIEW_DEGRADED instead of waiting for versions
 * the projection holds back.
 */
public record FeedMessage(Checkpoint checkpoint, List<Change> changes, List<AccountId> degraded) {

  /**
   * One account after one event. {@code eventType} is empty when the entry is a state
   * rather than a change (an account the batch found already applied): consumers that
   * need every change read the missing ones from the event store.
   */
  public record Change(AccountView view, String eventType, long deltaMinor) {

    public static Change state(AccountView view) {
      return new Change(view, "", 0);
    }

    public boolean isState() {
      return eventType.isEmpty();
    }
  }

  /**
   * Announced when the views were forgotten because they came from another database (see
   * docs/storage.md, "Origin"): every view held in memory is wrong. No batch announces it,
   * since a batch is never empty and never at the start.
   */
  public static final FeedMessage FORGOTTEN = new FeedMessage(Checkpoint.START, List.of());

  public FeedMessage {
    changes = List.copyOf(changes);
    degraded = List.copyOf(degraded);
  }

  public FeedMessage(Checkpoint checkpoint, List<Change> changes) {
    this(checkpoint, changes, List.of());
  }

  /** True for {@link #FORGOTTEN}: drop every view held in memory. */
  public boolean viewsForgotten() {
    return checkpoint.equals(Checkpoint.START) && changes.isEmpty() && degraded.isEmpty();
  }

  /** A message of states only. */
  public static FeedMessage ofStates(Checkpoint checkpoint, List<AccountView> views) {
    return new FeedMessage(checkpoint, views.stream().map(Change::state).toList());
  }

  public List<AccountView> views() {
    return changes.stream().map(Change::view).toList();
  }

  /**
   * Compact JSON, written by hand because the projection publishes one per batch on the
   * hot path: {@code {"checkpoint":"t:p","changes":[[account, balance, currency, status,
   * overdraft, version, position, updated_us, event_type, delta], ...]}}, and
   * {@code "degraded":[account, ...]} when there are any. Every string in
   * it is an id, a code or a name from a fixed character set, so nothing needs escaping.
   */
  public String encode() {
    StringBuilder json = new StringBuilder(64 + changes.size() * 120);
    json.append("{\"checkpoint\":\"").append(checkpoint.encode()).append("\",\"changes\":[");
    for (int i = 0; i < changes.size(); i++) {
      Change change = changes.get(i);
      AccountView view = change.view();
      if (i > 0) {
        json.append(',');
      }
      json.append("[\"").append(view.accountId().value()).append("\",")
          .append(view.balanceMinor()).append(",\"")
          .append(view.currency()).append("\",\"")
          .append(view.status().name()).append("\",")
          .append(view.overdraftLimitMinor()).append(',')
          .append(view.version()).append(',')
          .append(view.globalPosition()).append(',')
          .append(AccountView.toMicros(view.updatedAt())).append(",\"")
          .append(change.eventType()).append("\",")
          .append(change.deltaMinor()).append(']');
    }
    json.append(']');
    if (!degraded.isEmpty()) {
      json.append(",\"degraded\":[");
      for (int i = 0; i < degraded.size(); i++) {
        json.append(i > 0 ? ",\"" : "\"").append(degraded.get(i).value()).append('"');
      }
      json.append(']');
    }
    return json.append('}').toString();
  }

  public static FeedMessage decode(String text) {
    JsonObject json = new JsonObject(text);
    JsonArray array = json.getJsonArray("changes");
    List<Change> changes = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonArray entry = array.getJsonArray(i);
      AccountView view = new AccountView(AccountId.of(entry.getString(0)), entry.getLong(1), entry.getString(2),
          AccountStatus.valueOf(entry.getString(3)), entry.getLong(4), entry.getLong(5), entry.getLong(6),
          AccountView.fromMicros(entry.getLong(7)));
      changes.add(new Change(view, entry.getString(8), entry.getLong(9)));
    }
    JsonArray marked = json.getJsonArray("degraded", new JsonArray());
    List<AccountId> degraded = new ArrayList<>(marked.size());
    for (int i = 0; i < marked.size(); i++) {
      degraded.add(AccountId.of(marked.getString(i)));
    }
    return new FeedMessage(Checkpoint.parse(json.getString("checkpoint")), changes, degraded);
  }
}

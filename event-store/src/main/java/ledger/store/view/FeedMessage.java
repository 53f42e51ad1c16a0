package ledger.store.view;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ledger.store.Checkpoint;

/**
 * What the projection publishes after each batch: the state of an account after every
 * event it applied, in stream order, with the event that made it, and the checkpoint the
 * views now cover. Token waiters and balance streams wake on it; JSON so that
 * {@code redis-cli subscribe} reads it.
 */
public record FeedMessage(Checkpoint checkpoint, List<Change> changes) {

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

  public FeedMessage {
    changes = List.copyOf(changes);
  }

  /** A message of states only. */
  public static FeedMessage ofStates(Checkpoint checkpoint, List<AccountView> views) {
    return new FeedMessage(checkpoint, views.stream().map(Change::state).toList());
  }

  public List<AccountView> views() {
    return changes.stream().map(Change::view).toList();
  }

  public String encode() {
    JsonArray array = new JsonArray(new ArrayList<>(changes.size()));
    for (Change change : changes) {
      JsonObject json = change.view().toJson();
      if (!change.isState()) {
        json.put("event_type", change.eventType()).put("delta_minor", change.deltaMinor());
      }
      array.add(json);
    }
    return new JsonObject().put("checkpoint", checkpoint.encode()).put("views", array).encode();
  }

  public static FeedMessage decode(String text) {
    JsonObject json = new JsonObject(text);
    JsonArray array = json.getJsonArray("views");
    List<Change> changes = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject entry = array.getJsonObject(i);
      changes.add(new Change(AccountView.fromJson(entry), entry.getString("event_type", ""),
          entry.getLong("delta_minor", 0L)));
    }
    return new FeedMessage(Checkpoint.parse(json.getString("checkpoint")), changes);
  }
}

package ledger.store.view;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ledger.store.Checkpoint;

/**
 * What the projection publishes after each batch: the state of an account after every
 * event it applied, in stream order, and the checkpoint the views now cover. Token
 * waiters and balance streams wake on it; JSON so that {@code redis-cli subscribe} reads it.
 */
public record FeedMessage(Checkpoint checkpoint, List<AccountView> views) {

  public FeedMessage {
    views = List.copyOf(views);
  }

  public String encode() {
    JsonArray array = new JsonArray(new ArrayList<>(views.size()));
    for (AccountView view : views) {
      array.add(view.toJson());
    }
    return new JsonObject().put("checkpoint", checkpoint.encode()).put("views", array).encode();
  }

  public static FeedMessage decode(String text) {
    JsonObject json = new JsonObject(text);
    JsonArray array = json.getJsonArray("views");
    List<AccountView> views = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      views.add(AccountView.fromJson(array.getJsonObject(i)));
    }
    return new FeedMessage(Checkpoint.parse(json.getString("checkpoint")), views);
  }
}

package ledger.readmodel;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import ledger.domain.AccountId;
import ledger.store.Checkpoint;

/** Reads the views as Redis holds them now: an account's hash, the checkpoint. */
public final class ViewReads {

  private ViewReads() {
  }

  /** The account's view, or null when Redis holds no complete view of it. */
  public static Future<AccountView> account(Redis redis, ViewKeys keys, AccountId id) {
    return redis.send(Request.cmd(Command.HGETALL).arg(keys.account(id))).map(hash -> {
      if (hash == null || hash.size() == 0) {
        return null;
      }
      Map<String, String> fields = new HashMap<>();
      for (String key : hash.getKeys()) {
        fields.put(key, hash.get(key).toString());
      }
      return AccountView.fromFields(id, fields);
    });
  }

  /** The point in commit order the views cover; START when Redis holds none. */
  public static Future<Checkpoint> checkpoint(Redis redis, ViewKeys keys) {
    return redis.send(Request.cmd(Command.GET).arg(keys.checkpoint()))
        .map(value -> value == null ? Checkpoint.START : Checkpoint.parse(value.toString()));
  }
}

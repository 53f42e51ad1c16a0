package ledger.query;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import ledger.domain.AccountId;
import ledger.store.Checkpoint;
import ledger.store.view.AccountView;
import ledger.store.view.ViewKeys;

/** Reads the views the projection keeps in Redis. */
final class ViewReader {

  private final Redis redis;
  private final ViewKeys keys;

  ViewReader(Redis redis, ViewKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** The account's view, or null when there is none (unknown account, or not projected yet). */
  Future<AccountView> account(AccountId id) {
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

  Future<Checkpoint> checkpoint() {
    return redis.send(Request.cmd(Command.GET).arg(keys.checkpoint()))
        .map(value -> value == null ? Checkpoint.START : Checkpoint.parse(value.toString()));
  }

  static boolean isMessage(Response push) {
    return push != null && push.size() == 3 && "message".equals(push.get(0).toString());
  }
}

package ledger.query;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.ViewKeys;
import ledger.store.Checkpoint;

/** Reads the views the projection keeps in Redis. */
final class ViewReader {

  private final Redis redis;
  private final ViewKeys keys;
  private final ViewCache cache;

  /** {@code cache} may be null: every read then goes to Redis. */
  ViewReader(Redis redis, ViewKeys keys, ViewCache cache) {
    this.redis = redis;
    this.keys = keys;
    this.cache = cache;
  }

  /** The account's view from the cache or Redis, or null when there is none (unknown, or not projected yet). */
  Future<AccountView> account(AccountId id) {
    return atLeast(id, 0);
  }

  /** A view at {@code version} or later if the cache has one; otherwise the view as Redis has it now. */
  Future<AccountView> atLeast(AccountId id, long version) {
    AccountView cached = cache == null ? null : cache.get(id);
    return cached != null && cached.version() >= version ? Future.succeededFuture(cached) : fresh(id);
  }

  /** The view as Redis has it now. */
  Future<AccountView> fresh(AccountId id) {
    long epoch = cache == null ? 0 : cache.epoch();
    return redis.send(Request.cmd(Command.HGETALL).arg(keys.account(id))).map(hash -> {
      if (hash == null || hash.size() == 0) {
        return null;
      }
      Map<String, String> fields = new HashMap<>();
      for (String key : hash.getKeys()) {
        fields.put(key, hash.get(key).toString());
      }
      AccountView view = AccountView.fromFields(id, fields);
      if (view != null && cache != null) {
        cache.offer(view, epoch);
      }
      return view;
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

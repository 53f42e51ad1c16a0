package ledger.readmodel;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.store.Checkpoint;

/** Reads the views as Redis holds them now: an account's hash, the checkpoint. */
public final class ViewReads {

  private ViewReads() {
  }

  /** The account's view, or null when Redis holds no complete view of it; a degraded view as it stands. */
  public static Future<AccountView> account(Redis redis, ViewKeys keys, AccountId id) {
    return fields(redis, keys, id).map(fields -> fields == null ? null : AccountView.fromFields(id, fields));
  }

  /**
   * As {@link #account}, for a reader that must not show a degraded view: its balance lacks an
   * event the projection could not read, so the read fails with VIEW_DEGRADED instead.
   */
  public static Future<AccountView> readable(Redis redis, ViewKeys keys, AccountId id) {
    return fields(redis, keys, id).map(fields -> {
      if (fields == null) {
        return null;
      }
      String degraded = fields.get(ViewFields.DEGRADED);
      if (degraded != null) {
        throw degraded(id, degraded);
      }
      return AccountView.fromFields(id, fields);
    });
  }

  /** The refusal of a degraded account's reads; {@code why} is the mark degrade.lua left. */
  public static LedgerException degraded(AccountId id, String why) {
    return new LedgerException(Reason.VIEW_DEGRADED, "the view of account " + id + " is held back at an event the"
        + " projection cannot read (" + why + "); it answers again once rebuilt", Map.of("account_id", id.value()));
  }

  private static Future<Map<String, String>> fields(Redis redis, ViewKeys keys, AccountId id) {
    return redis.send(Request.cmd(Command.HGETALL).arg(keys.account(id))).map(hash -> {
      if (hash == null || hash.size() == 0) {
        return null;
      }
      Map<String, String> fields = new HashMap<>();
      for (String key : hash.getKeys()) {
        fields.put(key, hash.get(key).toString());
      }
      return fields;
    });
  }

  /** The point in commit order the views cover; START when Redis holds none. */
  public static Future<Checkpoint> checkpoint(Redis redis, ViewKeys keys) {
    return redis.send(Request.cmd(Command.GET).arg(keys.checkpoint()))
        .map(value -> value == null ? Checkpoint.START : Checkpoint.parse(value.toString()));
  }
}

package ledger.projection;

import static ledger.testkit.Waits.await;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import ledger.domain.AccountId;
import ledger.readmodel.AccountView;
import ledger.readmodel.ViewKeys;
import ledger.store.Checkpoint;

/** What Redis holds under one test class's key prefix, read and damaged the way tests need. */
final class RedisViews {

  final ViewKeys keys;
  private final Redis redis;

  RedisViews(Redis redis, ViewKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  Map<String, String> hash(String key) {
    Response response = await(redis.send(Request.cmd(Command.HGETALL).arg(key)));
    Map<String, String> fields = new HashMap<>();
    if (response != null) {
      for (String field : response.getKeys()) {
        fields.put(field, response.get(field).toString());
      }
    }
    return fields;
  }

  /** The account's view, or null when Redis holds none. */
  AccountView account(AccountId id) {
    return AccountView.fromFields(id, hash(keys.account(id)));
  }

  /** The stored checkpoint, or null when Redis holds none. */
  String checkpoint() {
    Response value = await(redis.send(Request.cmd(Command.GET).arg(keys.checkpoint())));
    return value == null ? null : value.toString();
  }

  /** The stored origin of the checkpoint, or null when Redis holds none. */
  String origin() {
    Response value = await(redis.send(Request.cmd(Command.GET).arg(keys.origin())));
    return value == null ? null : value.toString();
  }

  void setCheckpoint(Checkpoint checkpoint) {
    await(redis.send(Request.cmd(Command.SET).arg(keys.checkpoint()).arg(checkpoint.encode())));
  }

  void delete(String key) {
    await(redis.send(Request.cmd(Command.DEL).arg(key)));
  }

  /** Every key under this class's prefix, found with SCAN (never KEYS, never FLUSHALL: the Redis is shared). */
  List<String> keysWithPrefix() {
    List<String> found = new ArrayList<>();
    String cursor = "0";
    do {
      Response page = await(redis.send(Request.cmd(Command.SCAN).arg(cursor)
          .arg("MATCH").arg(keys.prefix() + "*").arg("COUNT").arg(1000)));
      cursor = page.get(0).toString();
      page.get(1).forEach(key -> found.add(key.toString()));
    } while (!"0".equals(cursor));
    return found;
  }

  /** The equivalent of FLUSHALL for this class's prefix. */
  void deleteEveryKeyWithPrefix() {
    List<String> found = keysWithPrefix();
    if (!found.isEmpty()) {
      Request del = Request.cmd(Command.DEL);
      found.forEach(del::arg);
      await(redis.send(del));
    }
  }

  FeedRecorder subscribeToFeed() {
    return FeedRecorder.subscribe(redis, keys.feedChannel());
  }
}

package ledger.readmodel;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Removes every key that matches a pattern, a page of SCAN at a time. SCAN walks one server's
 * keys, so on a Redis Cluster the walk runs on every master ({@link ClusterRedis#eachMaster}).
 */
final class KeyWalk {

  private static final int SCAN_COUNT = 1000;

  private KeyWalk() {
  }

  /** Unlinks every key matching {@code pattern}; completes with how many were unlinked. */
  static Future<Long> unlinkMatching(Redis redis, String pattern) {
    if (redis instanceof ClusterRedis cluster) {
      return cluster.eachMaster(node -> unlinkMatching(node, pattern, "0", 0));
    }
    return unlinkMatching(redis, pattern, "0", 0);
  }

  private static Future<Long> unlinkMatching(Redis redis, String pattern, String cursor, long unlinked) {
    Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(SCAN_COUNT);
    return redis.send(scan).compose(page -> {
      String next = page.get(0).toString();
      List<Request> unlinks = new ArrayList<>();
      for (Response key : page.get(1)) {
        unlinks.add(Request.cmd(Command.UNLINK).arg(key.toString()));
      }
      Future<Long> done = unlinks.isEmpty() ? Future.succeededFuture(unlinked)
          : redis.batch(unlinks).map(replies -> unlinked + unlinks.size());
      return done.compose(total -> "0".equals(next) ? Future.succeededFuture(total)
          : unlinkMatching(redis, pattern, next, total));
    });
  }
}

package ledger.readmodel;


import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import ledger.store.Origin;

/**
 * Forgets the views of a key prefix that were built from another database, so that the
 * projection can rebuild them from this one's events. In three steps, each safe to crash
 * after: the checkpoint goes first (token waits on it then wait for the rebuild instead of
 * trusting a foreign one), then every account view, and only then is this database recorded
 * as the origin. Until that last step the foreign origin stays, so a writer that takes over
 * midway finds it and starts again. Meanwhile a read finds either a foreign view that was
 * there all along or none, never one of this database beside a foreign one: the rebuild
 * writes nothing before every foreign view is gone. The last step announces
 * {@link FeedMessage#FORGOTTEN}, so that query processes drop the views they hold in memory.
 */
public final class ViewReset {

  private final Redis redis;
  private final ViewKeys keys;
  private final ViewScripts scripts;

  public ViewReset(Redis redis, ViewKeys keys, ViewScripts scripts) {
    this.redis = redis;
    this.keys = keys;
    this.scripts = scripts;
  }

  /**
   * Forgets the checkpoint and views found with origin {@code found} ("" for none) and records
   * {@code mine}; completes with the number of views deleted. Fails, having recorded nothing,
   * if the origin changed meanwhile.
   */
  public Future<Long> forget(String found, Origin mine) {
    return step(found, "")
        .compose(forgotten -> KeyWalk.unlinkMatching(redis, keys.everyAccount()))
        // the degraded accounts' index: their marks went with their views
        .compose(deleted -> redis.send(Request.cmd(Command.UNLINK).arg(keys.degraded())).map(unlinked -> deleted))
        .compose(deleted -> step(found, mine.encode()).map(recorded -> deleted));
  }

  private Future<Void> step(String found, String record) {
    Request reset = Request.cmd(Command.EVAL).arg(scripts.reset()).arg(2).arg(keys.checkpoint()).arg(keys.origin())
        .arg(found).arg(record).arg(keys.feedChannel()).arg(FeedMessage.FORGOTTEN.encode());
    return redis.send(reset).compose(done -> done.toInteger() == 1 ? Future.succeededFuture()
        : Future.failedFuture(new IllegalStateException("the origin of the views under '" + keys.prefix()
            + "' changed while they were being reset from '" + found + "': another writer ran")));
  }
}

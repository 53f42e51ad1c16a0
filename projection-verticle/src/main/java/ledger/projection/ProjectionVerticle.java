package ledger.projection;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewScripts;
import ledger.readmodel.ViewWriter;
import ledger.store.Checkpoint;
import ledger.store.pg.EventTail;
import ledger.store.pg.PgEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projection role: competes for the writer lock; while it holds it, tails the event
 * store into the Redis views; otherwise stands by and tries again every few moments.
 */
public final class ProjectionVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ProjectionVerticle.class);

  private final PgConnectOptions database;
  private final RedisOptions redisOptions;
  private final ProjectionConfig config;
  private final ProjectionObserver observer;
  private final ViewScripts scripts = ViewScripts.load();

  private Pool pool;
  private Redis redis;
  private LeaderLock lock;
  private Projector projector;
  private EventTail tail;
  private Doorbell doorbell;
  private long headTimer = -1;
  private boolean stopping;
  private volatile boolean active;

  public ProjectionVerticle(PgConnectOptions database, RedisOptions redisOptions, ProjectionConfig config,
                            ProjectionObserver observer) {
    this.database = database;
    this.redisOptions = redisOptions;
    this.config = config;
    this.observer = observer;
  }

  @Override
  public Future<?> start() {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2).setName("ledger-projection")).connectingTo(database).using(vertx).build();
    redis = Redis.createClient(vertx, redisOptions);
    lock = new LeaderLock(vertx, database);
    ViewWriter writer = new ViewWriter(redis, new PgEventStore(pool), new ViewKeys(config.keyPrefix()), scripts);
    tail = new EventTail(pool);
    projector = new Projector(tail, writer, config.batchSize(), observer);
    return Future.all(pool.query("SELECT 1").execute(), redis.send(Request.cmd(Command.PING)))
        .compose(reachable -> elect());
  }

  private Future<Void> elect() {
    if (stopping) {
      return Future.succeededFuture();
    }
    return lock.tryAcquire(this::lostLock)
        .compose(held -> held ? becomeActive() : standBy())
        .recover(failure -> {
          LOG.warn("Could not take part in the projection election: {}", failure.toString());
          return standBy();
        });
  }

  private Future<Void> becomeActive() {
    LOG.info("This instance is now the projection writer");
    Doorbell bell = new Doorbell(vertx, database, config.pollInterval().toMillis(), projector::ring);
    doorbell = bell;
    return projector.start().compose(started -> {
      if (doorbell != bell) {
        // The lock was lost (or the verticle stopped) while starting. If it was taken again
        // meanwhile, that newer activation owns the projector; otherwise nobody may run it.
        if (doorbell == null) {
          projector.stop();
        }
        return Future.succeededFuture();
      }
      return bell.open().onSuccess(open -> {
        active = true;
        observer.leadership(true);
        watchHead();
      });
    });
  }

  /** Reports the store's head about once a second while this instance leads, so lag in events can be graphed. */
  private void watchHead() {
    if (headTimer < 0) {
      headTimer = vertx.setPeriodic(1000, tick -> {
        if (active) {
          tail.head().onSuccess(observer::head);
        }
      });
    }
  }

  private Future<Void> standBy() {
    vertx.setTimer(config.lockRetry().toMillis(), retry -> elect());
    return Future.succeededFuture();
  }

  private void lostLock() {
    LOG.warn("Lost the projection writer lock; standing by");
    active = false;
    observer.leadership(false);
    projector.stop();
    if (doorbell != null) {
      doorbell.close();
      doorbell = null;
    }
    standBy();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    active = false;
    if (headTimer >= 0) {
      vertx.cancelTimer(headTimer);
    }
    projector.stop();
    Future<Void> bell = doorbell == null ? Future.succeededFuture() : doorbell.close();
    doorbell = null;
    return bell.eventually(() -> lock.release())
        .eventually(() -> pool.close())
        .eventually(() -> {
          redis.close();
          return Future.succeededFuture();
        });
  }

  /** True while this instance is the writer. */
  public boolean isActive() {
    return active;
  }

  /** The last checkpoint this instance applied (START before it first led). */
  public Checkpoint checkpoint() {
    return projector.position();
  }

  /** The LISTEN connection's process id, for fault-injection tests; -1 when not listening. */
  public int listenerProcessId() {
    Doorbell bell = doorbell;
    return bell == null || bell.subscriber().actualConnection() == null ? -1
        : bell.subscriber().actualConnection().processId();
  }
}

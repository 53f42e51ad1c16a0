package ledger.projection;

import java.util.function.LongFunction;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.grpc.server.Service;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.grpc.Rpc;
import ledger.grpc.RpcObserver;
import ledger.grpc.UnavailableBackends;
import ledger.projection.admin.AdminApi;
import ledger.projection.admin.FullRebuilds;
import ledger.readmodel.Generations;
import ledger.readmodel.RedisFailures;
import ledger.readmodel.ViewReads;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewReset;
import ledger.readmodel.ViewScripts;
import ledger.readmodel.ViewWriter;
import ledger.store.Checkpoint;
import ledger.store.pg.EventTail;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.PgFailures;
import ledger.store.pg.TailHealth;

/**
 * The projection role: its PostgreSQL pool and Redis client, the projector that tails the
 * event store into the views, and the {@link Leadership} that decides when it may.
 */
public final class ProjectionVerticle extends VerticleBase {

  private final PgConnectOptions database;
  private final RedisOptions redisOptions;
  private final ProjectionConfig config;
  private final ProjectionObserver observer;
  private final RpcObserver rpcObserver;
  private final ViewScripts scripts = ViewScripts.load();

  /** Connections the AdminService calls share, apart from the tail's. */
  private static final int ADMIN_CONNECTIONS = 2;

  private Pool pool;
  private Pool adminPool;
  private Redis redis;
  private Projector projector;
  private Leadership leadership;
  private Service service;
  private Rebuilds rebuilds;

  public ProjectionVerticle(PgConnectOptions database, RedisOptions redisOptions, ProjectionConfig config,
                            ProjectionObserver observer) {
    this(database, redisOptions, config, observer, RpcObserver.NONE);
  }

  public ProjectionVerticle(PgConnectOptions database, RedisOptions redisOptions, ProjectionConfig config,
                            ProjectionObserver observer, RpcObserver rpcObserver) {
    this.database = database;
    this.redisOptions = redisOptions;
    this.config = config;
    this.observer = observer;
    this.rpcObserver = rpcObserver;
  }

  @Override
  public Future<?> start() {
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(config.pgPoolSize()).setName("ledger-projection"))
        .connectingTo(database).using(vertx).build();
    redis = Redis.createClient(vertx, redisOptions);
    PgEventStore events = new PgEventStore(pool);
    ViewKeys keys = new ViewKeys(config.keyPrefix());
    LongFunction<GenerationViews> generation = number -> new GenerationViews(number,
        new ViewWriter(redis, events, keys.at(number), scripts), new ViewReset(redis, keys.at(number), scripts));
    Generations generations = new Generations(redis, keys, scripts);
    EventTail tail = new EventTail(pool);
    TailHealth health = new TailHealth(pool);
    StartingPoint start = new StartingPoint(events, tail, observer);
    projector = new Projector(tail, generation, generations, start, config.batchSize(), observer);
    rebuilds = new Rebuilds(context, projector, tail, generations, generation, config.rebuildBatchSize(),
        this::isActive);
    // Audits and status reads may scan a lot: on connections of their own, never ahead of the tail's reads.
    adminPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(ADMIN_CONNECTIONS).setName("ledger-projection-admin"))
        .connectingTo(database).using(vertx).build();
    service = new AdminApi(redis, keys, new PgEventStore(adminPool), new EventTail(adminPool),
        new TailHealth(adminPool), scripts, rebuilds).service(new Rpc(
        new UnavailableBackends("the event store or the read views did not answer; ask again",
            PgFailures::isUnavailable, RedisFailures::isUnavailable), rpcObserver));
    HeadWatch head = new HeadWatch(vertx, tail, health,
        () -> ViewReads.live(redis, keys).compose(live -> redis.send(Request.cmd(Command.SCARD).arg(live.degraded())))
            .map(Response::toLong),
        config.headInterval().toMillis(), observer);
    leadership = new Leadership(vertx, writerConnection(database), config, projector, head, observer);
    return Future.all(pool.query("SELECT 1").execute(), redis.send(Request.cmd(Command.PING)))
        .compose(reachable -> leadership.start());
  }

  @Override
  public Future<?> stop() {
    return leadership.stop()
        .eventually(() -> pool.close())
        .eventually(() -> adminPool.close())
        .eventually(() -> {
          redis.close();
          return Future.succeededFuture();
        });
  }

  /**
   * The writer lock's connection names this process (PID, and the host: the pod in Kubernetes),
   * so status and pg_stat_activity show which instance writes; an application_name the
   * connection options already carry is kept.
   */
  private static PgConnectOptions writerConnection(PgConnectOptions database) {
    String given = database.getProperties().get("application_name");
    // PgConnectOptions names every connection "vertx-pg-client" unless told otherwise
    if (given != null && !given.equals(PgConnectOptions.DEFAULT_PROPERTIES.get("application_name"))) {
      return database;
    }
    String host = System.getenv().getOrDefault("HOSTNAME", "");
    String name = "ledger-projection pid " + ProcessHandle.current().pid() + (host.isEmpty() ? "" : " on " + host);
    // PostgreSQL keeps 63 bytes of it
    return new PgConnectOptions(database).addProperty("application_name", name.length() > 63 ? name.substring(0, 63) : name);
  }

  /** AdminService, served by the process's gRPC endpoint on every event loop. */
  public Service service() {
    return service;
  }

  /** Full rebuilds, as the admin service starts them (tests drive them here without gRPC). */
  FullRebuilds rebuilds() {
    return rebuilds;
  }

  /** True while this instance is the writer. */
  public boolean isActive() {
    return leadership.isActive();
  }

  /** The last checkpoint this instance applied (START before it first led). */
  public Checkpoint checkpoint() {
    return projector.position();
  }
}

package ledger.projection;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.grpc.server.Service;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import ledger.grpc.CallLimits;
import ledger.grpc.CallGates;
import ledger.grpc.Rpc;
import ledger.grpc.RpcObserver;
import ledger.grpc.Scopes;
import ledger.grpc.Tracing;
import ledger.grpc.UnavailableBackends;
import ledger.projection.admin.AdminApi;
import ledger.projection.admin.FullRebuilds;
import ledger.readmodel.Partitioning;
import ledger.readmodel.RedisClients;
import ledger.readmodel.RedisFailures;
import ledger.readmodel.ViewScripts;
import ledger.store.Checkpoint;
import ledger.store.pg.EventTail;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.PgFailures;
import ledger.store.pg.RenewablePool;
import ledger.store.pg.TailHealth;

/**
 * The projection role: its PostgreSQL pool and Redis client and, for each partition of the
 * views ({@link Partitioning}), the projector that tails the event store into them and the
 * {@link Leadership} that decides when it may.
 */
public final class ProjectionVerticle extends VerticleBase {

  private final PgConnectOptions database;
  private final RedisOptions redisOptions;
  private final ProjectionConfig config;
  private final IntFunction<ProjectionObserver> observers;
  private final RpcObserver rpcObserver;
  private final CallLimits limits;
  private final CallGates gates;
  private final ViewScripts scripts = ViewScripts.load();

  /** Connections the AdminService calls share, apart from the tail's. */
  private static final int ADMIN_CONNECTIONS = 2;
  /**
   * The tail pool closes a connection idle this long: well below the idle timeouts of common
   * NATs and load balancers (about 4 to 6 min), which forget a flow without telling either end.
   * vertx-pg-client 5.0.7 does apply it (PoolRecyclingIT), unlike NetClientOptions' idle timeouts.
   */
  static final int IDLE_TAIL_CONNECTION_SECONDS = 60;
  /** Even a busy tail connection is replaced now and then, so none outlives a route change for long. */
  static final int TAIL_CONNECTION_LIFETIME_MINUTES = 30;

  /** The tail's connections: renewed when a read gets no answer (see Projector#SILENT_READ). */
  private RenewablePool pool;
  private Pool adminPool;
  private Redis redis;
  private List<Partition> partitions;
  /** With more than one partition: how this process shares them with the other projection processes. */
  private Shares shares;
  private Service service;
  private Tracing tracing = Tracing.OFF;

  public ProjectionVerticle(PgConnectOptions database, RedisOptions redisOptions, ProjectionConfig config,
                            ProjectionObserver observer) {
    this(database, redisOptions, config, observer, RpcObserver.NONE);
  }

  public ProjectionVerticle(PgConnectOptions database, RedisOptions redisOptions, ProjectionConfig config,
                            ProjectionObserver observer, RpcObserver rpcObserver) {
    this(database, redisOptions, config, partition -> observer, rpcObserver);
  }

  /** {@code observers} gives each partition's observer, so metrics can name the partition. */
  public ProjectionVerticle(PgConnectOptions database, RedisOptions redisOptions, ProjectionConfig config,
                            IntFunction<ProjectionObserver> observers, RpcObserver rpcObserver) {
    this(database, redisOptions, config, observers, rpcObserver, CallGates.OPEN, CallLimits.NONE);
  }

  /** {@code limits}: the per-caller limits every AdminService call passes first (open streams). */
  public ProjectionVerticle(PgConnectOptions database, RedisOptions redisOptions, ProjectionConfig config,
                            IntFunction<ProjectionObserver> observers, RpcObserver rpcObserver, CallLimits limits) {
    this(database, redisOptions, config, observers, rpcObserver, CallGates.OPEN, limits);
  }

  /** {@code gates} admits each AdminService call (scope {@code ledger.admin}) when it arrives. */
  public ProjectionVerticle(PgConnectOptions database, RedisOptions redisOptions, ProjectionConfig config,
                            IntFunction<ProjectionObserver> observers, RpcObserver rpcObserver, CallGates gates) {
    this(database, redisOptions, config, observers, rpcObserver, gates, CallLimits.NONE);
  }

  /** {@code gates} admits each call when it arrives; {@code limits} then holds the caller to its limits. */
  public ProjectionVerticle(PgConnectOptions database, RedisOptions redisOptions, ProjectionConfig config,
                            IntFunction<ProjectionObserver> observers, RpcObserver rpcObserver, CallGates gates, CallLimits limits) {
    this.gates = gates;
    this.database = database;
    this.redisOptions = redisOptions;
    this.config = config;
    this.observers = observers;
    this.rpcObserver = rpcObserver;
    this.limits = limits;
  }

  /**
   * Spans of the apply of traced commands' events, and of AdminService calls (docs/operations.md,
   * "Tracing"); set before deployment.
   */
  public ProjectionVerticle traced(Tracing value) {
    this.tracing = value;
    return this;
  }

  @Override
  public Future<?> start() {
    Partitioning partitioning = config.partitioning();
    // Each partition this process writes reads its own tail (and, rebuilding, one batch ahead).
    // A connection idle for long is closed before a NAT or conntrack entry can be forgotten under
    // it (a standby's sit idle for hours; TCP keepalive starts after 2 h): a takeover, or a
    // partition's turn, would wait on it for as long as the kernel retransmits.
    pool = new RenewablePool(() -> PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.pgPoolSize() * partitioning.count()).setName("ledger-projection")
            .setIdleTimeout(IDLE_TAIL_CONNECTION_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS)
            .setMaxLifetime(TAIL_CONNECTION_LIFETIME_MINUTES).setMaxLifetimeUnit(TimeUnit.MINUTES))
        .connectingTo(database).using(vertx).build());
    // Named, so its pool's metrics (pool_type="redis") are not mixed with the query role's.
    redis = RedisClients.create(vertx, new RedisOptions(redisOptions).setPoolName("ledger-projection"));
    PgEventStore events = new PgEventStore(pool);
    // A traced projection reads each event's traceparent with it, an untraced one not even that.
    EventTail tail = tracing.on() ? new EventTail(pool).traced() : new EventTail(pool);
    ApplySpans spans = new ApplySpans(tracing);
    TailHealth health = new TailHealth(pool);
    PgConnectOptions lockConnection = writerConnection(database);
    Doorbells doorbells = new Doorbells(vertx, lockConnection, config.pollInterval().toMillis(), partitioning.count());
    partitions = partitioning.partitions().mapToObj(k -> new Partition(context, partitioning, k, config, redis,
        events, tail, health, scripts, lockConnection, doorbells, observers.apply(k), spans)).toList();
    partitions.forEach(partition -> partition.onSilentRead(pool::renew));
    // Audits and status reads may scan a lot: on connections of their own, never ahead of the tail's reads.
    adminPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(ADMIN_CONNECTIONS).setName("ledger-projection-admin"))
        .connectingTo(database).using(vertx).build();
    service = new AdminApi(redis, partitioning, new PgEventStore(adminPool), new EventTail(adminPool),
        new TailHealth(adminPool), scripts, this::rebuilds).service(new Rpc(
        new UnavailableBackends("the event store or the read views did not answer; ask again",
            PgFailures::isUnavailable, RedisFailures::isUnavailable), rpcObserver, gates.requiring(Scopes.ADMIN), limits,
        config.maxMessageBytes()).traced(tracing));
    if (partitioning.count() > 1) {
      shares = new Shares(vertx, health, lockConnection, config, partitioning);
      partitions.forEach(partition -> partition.takeTurns(() -> shares.mayTry(partition)));
    }
    return Future.all(pool.query("SELECT 1").execute(), redis.send(Request.cmd(Command.PING)))
        .compose(reachable -> shares == null ? Future.succeededFuture() : shares.start(partitions))
        .compose(shared -> Future.all(partitions.stream().map(Partition::start).toList()));
  }

  @Override
  public Future<?> stop() {
    List<Partition> started = partitions == null ? List.of() : partitions;
    return Future.join(started.stream().map(Partition::stop).toList())
        .eventually(() -> shares == null ? Future.succeededFuture() : shares.stop())
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

  /** Full rebuilds of partition 0 (the only one unless partitioned), as the admin service starts them. */
  FullRebuilds rebuilds() {
    return rebuilds(0);
  }

  /** Full rebuilds of partition {@code partition}, as the admin service starts them (tests drive them here). */
  FullRebuilds rebuilds(int partition) {
    return partitions.get(partition).rebuilds();
  }

  /** Gives partition {@code partition}'s lock back, standing by (tests leave a partition without a writer). */
  void handOver(int partition) {
    context.runOnContext(v -> partitions.get(partition).handOver());
  }

  /** How many partitions the views are split into. */
  public int partitionCount() {
    return config.partitions();
  }

  /** True while this instance writes at least one partition (with one partition: while it is the writer). */
  public boolean isActive() {
    return partitions.stream().anyMatch(Partition::isActive);
  }

  /** True while this instance writes partition {@code partition}. */
  public boolean isActive(int partition) {
    return partitions.get(partition).isActive();
  }

  /** How many times the tail's connections were all replaced (a read got no answer). */
  int tailPoolRenewals() {
    return pool.renewals();
  }

  /** How many projection processes this one counts (this one included; 1 with one partition). */
  int members() {
    return shares == null ? 1 : shares.members();
  }

  /** The partitions this instance writes now. */
  public List<Integer> leading() {
    return partitions.stream().filter(Partition::isActive).map(Partition::number).toList();
  }

  /**
   * The lowest checkpoint this instance applied among the partitions (with one partition: the
   * last checkpoint it applied; START before it first led).
   */
  public Checkpoint checkpoint() {
    return partitions.stream().map(Partition::checkpoint).min(Checkpoint::compareTo).orElseThrow();
  }

  /** The last checkpoint this instance applied in partition {@code partition} (START before it first led it). */
  public Checkpoint checkpoint(int partition) {
    return partitions.get(partition).checkpoint();
  }
}

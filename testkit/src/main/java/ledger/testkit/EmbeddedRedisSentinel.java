package ledger.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import redis.embedded.RedisInstance;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/**
 * A real Sentinel set-up for a test: an embedded Redis 6.2 master, a replica of it and one
 * sentinel ({@code redis-server --sentinel}, quorum 1) watching master set {@link #MASTER}, all on
 * loopback. {@link #killMaster()} stops the master, and returns once the sentinel has promoted the
 * replica (it finds a master down after 2 s).
 */
public final class EmbeddedRedisSentinel implements AutoCloseable {

  public static final String MASTER = "ledger-master";
  private static final Duration SETTLING = Duration.ofSeconds(30);

  private final List<RedisInstance> instances = new ArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private int masterPort;
  private int replicaPort;
  private int sentinelPort;
  private Redis sentinel;

  private EmbeddedRedisSentinel() {
  }

  /** Starts the master, its replica and the sentinel; returns once the sentinel knows the replica. */
  public static EmbeddedRedisSentinel start() {
    EmbeddedRedisSentinel setUp = new EmbeddedRedisSentinel();
    try {
      setUp.startAll();
      return setUp;
    } catch (RuntimeException | Error e) {
      setUp.close();
      throw e;
    }
  }

  private void startAll() {
    masterPort = TestInfra.freePort();
    replicaPort = TestInfra.freePort();
    sentinelPort = TestInfra.freePort();
    try {
      started(RedisServer.newRedisServer().port(masterPort).bind("127.0.0.1").setting("save \"\"")
          .setting("appendonly no").build());
      started(RedisServer.newRedisServer().port(replicaPort).bind("127.0.0.1").setting("save \"\"")
          .setting("appendonly no").slaveOf("127.0.0.1", masterPort).build());
      started(RedisSentinel.newRedisSentinel().bind("127.0.0.1").port(sentinelPort).masterPort(masterPort)
          .masterName(MASTER).quorumSize(1).downAfterMilliseconds(2000).failOverTimeout(10_000).parallelSyncs(1)
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis Sentinel set-up did not start", e);
    }
    sentinel = Redis.createClient(vertx, "redis://127.0.0.1:" + sentinelPort);
    Waits.until("the sentinel to know the replica", SETTLING,
        () -> ask(Request.cmd(Command.SENTINEL).arg("REPLICAS").arg(MASTER)).toString(),
        replicas -> replicas.contains(String.valueOf(replicaPort)) && replicas.contains("master-link-status")
            && !replicas.contains("s_down") && !replicas.contains("disconnected"));
  }

  private void started(RedisInstance instance) throws IOException {
    instance.start();
    instances.add(instance);
  }

  /** The sentinel, as {@code --redis-url} takes it for {@code --redis-mode sentinel}. */
  public String url() {
    return "redis://127.0.0.1:" + sentinelPort;
  }

  /** The port of the master the sentinel names now. */
  public int masterPort() {
    return ask(Request.cmd(Command.SENTINEL).arg("GET-MASTER-ADDR-BY-NAME").arg(MASTER)).get(1).toInteger();
  }

  public int replicaPort() {
    return replicaPort;
  }

  /**
   * Stops the master's process, as a crash would, and waits until the sentinel, having found it
   * down, names the replica the master.
   */
  public void killMaster() {
    try {
      instances.get(0).stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Waits.until("the sentinel to promote the replica", SETTLING, this::masterPort, port -> port == replicaPort);
  }

  private Response ask(Request request) {
    return Waits.await(sentinel.send(request));
  }

  @Override
  public void close() {
    for (int i = instances.size() - 1; i >= 0; i--) {
      try {
        if (instances.get(i).isActive()) {
          instances.get(i).stop();
        }
      } catch (IOException ignored) {
        // stopping a test's servers: nothing to do about it
      }
    }
    Waits.await(vertx.close());
  }
}

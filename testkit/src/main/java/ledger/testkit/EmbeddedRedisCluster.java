package ledger.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import redis.embedded.RedisServer;

/**
 * A real Redis Cluster for a test: {@code masters} embedded Redis 6.2 servers on loopback, each
 * started with {@code cluster-enabled yes} and a cluster config file of its own in a temporary
 * folder, joined with CLUSTER MEET, the 16384 slots split evenly among them with CLUSTER ADDSLOTS,
 * and ready once every node's CLUSTER INFO says {@code cluster_state:ok}. No replicas: the tests
 * exercise routing, not failover.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

  public static final int SLOTS = 16384;
  private static final Duration FORMING = Duration.ofSeconds(30);

  private final Path folder;
  private final List<RedisServer> servers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private final List<Redis> nodes = new ArrayList<>();

  /** Null: plaintext; else every node speaks TLS only, clients and cluster bus alike, with this certificate. */
  private final BackendCertificates.Issued certificate;
  private final Path ca;

  private EmbeddedRedisCluster(Path folder, BackendCertificates.Issued certificate, Path ca) {
    this.folder = folder;
    this.certificate = certificate;
    this.ca = ca;
  }

  /** Starts {@code masters} nodes and forms the cluster; returns once it serves every slot. */
  public static EmbeddedRedisCluster start(int masters) {
    return start(masters, null, null);
  }

  /**
   * As {@link #start(int)}, every node speaking TLS only ({@code rediss://}, {@code tls-cluster yes})
   * with {@code certificate} (issued to 127.0.0.1, see {@link BackendCertificates.Authority#peer}), signed by
   * {@code ca}; clients need no certificate.
   */
  public static EmbeddedRedisCluster startTls(int masters, BackendCertificates.Issued certificate, Path ca) {
    return start(masters, certificate, ca);
  }

  private static EmbeddedRedisCluster start(int masters, BackendCertificates.Issued certificate, Path ca) {
    EmbeddedRedisCluster cluster;
    try {
      cluster = new EmbeddedRedisCluster(Files.createTempDirectory("ledger-redis-cluster"), certificate, ca);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      cluster.form(masters);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void form(int masters) {
    for (int i = 0; i < masters; i++) {
      int port = TestInfra.freePort();
      Path config = folder.resolve("nodes-" + port + ".conf");
      try {
        boolean tls = certificate != null;
        RedisServer server = RedisServer.newRedisServer()
            .port(tls ? 0 : port)
            .bind("127.0.0.1")
            .settingIf(tls, "tls-port " + port)
            .settingIf(tls, "tls-cluster yes")
            .settingIf(tls, "tls-auth-clients no")
            .settingIf(tls, "tls-cert-file " + (tls ? certificate.certificateFile() : ""))
            .settingIf(tls, "tls-key-file " + (tls ? certificate.keyFile() : ""))
            .settingIf(tls, "tls-ca-cert-file " + ca)
            .setting("cluster-enabled yes")
            .setting("cluster-config-file " + config)
            .setting("cluster-node-timeout 5000")
            .setting("dir " + folder)
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
        server.start();
        servers.add(server);
      } catch (IOException e) {
        throw new UncheckedIOException("embedded Redis cluster node did not start on port " + port, e);
      }
      ports.add(port);
      RedisOptions client = new RedisOptions().setConnectionString(scheme() + "://127.0.0.1:" + port);
      if (certificate != null) {
        client.getNetClientOptions().setHostnameVerificationAlgorithm("HTTPS")
            .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
      }
      nodes.add(Redis.createClient(vertx, client));
    }
    for (int i = 1; i < masters; i++) {
      send(0, Request.cmd(Command.CLUSTER).arg("MEET").arg("127.0.0.1").arg(ports.get(i)));
    }
    for (int i = 0; i < masters; i++) {
      Request add = Request.cmd(Command.CLUSTER).arg("ADDSLOTS");
      for (int slot = firstSlot(i, masters); slot < firstSlot(i + 1, masters); slot++) {
        add.arg(slot);
      }
      send(i, add);
    }
    for (int i = 0; i < masters; i++) {
      int node = i;
      Waits.until("node " + ports.get(node) + " to see the cluster formed", FORMING,
          () -> send(node, Request.cmd(Command.CLUSTER).arg("INFO")).toString(),
          info -> info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + masters));
    }
  }

  private static int firstSlot(int node, int masters) {
    return (int) ((long) SLOTS * node / masters);
  }

  /** Every node, comma-separated, as {@code --redis-url} takes them for {@code --redis-mode cluster}. */
  public String url() {
    return ports.stream().map(port -> scheme() + "://127.0.0.1:" + port).collect(Collectors.joining(","));
  }

  private String scheme() {
    return certificate == null ? "redis" : "rediss";
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** The node that serves {@code key}'s slot (CLUSTER KEYSLOT, and the even split of the slots). */
  public int nodeOf(String key) {
    long slot = send(0, Request.cmd(Command.CLUSTER).arg("KEYSLOT").arg(key)).toLong();
    for (int node = ports.size() - 1; node >= 0; node--) {
      if (slot >= firstSlot(node, ports.size())) {
        return node;
      }
    }
    throw new IllegalStateException("slot " + slot);
  }

  /** How many keys matching {@code pattern} node {@code node} holds (SCAN on that node alone). */
  public long keysMatching(int node, String pattern) {
    long count = 0;
    String cursor = "0";
    do {
      Response page = send(node, Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000));
      cursor = page.get(0).toString();
      count += page.get(1).size();
    } while (!"0".equals(cursor));
    return count;
  }

  /** A command sent to node {@code node} alone (a plain client: no redirection followed). */
  public Response send(int node, Request request) {
    Future<Response> reply = nodes.get(node).send(request);
    return Waits.await(reply);
  }

  @Override
  public void close() {
    for (RedisServer server : servers) {
      try {
        server.stop();
      } catch (IOException ignored) {
        // stopping a test's servers: nothing to do about it
      }
    }
    Waits.await(vertx.close());
  }
}

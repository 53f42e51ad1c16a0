package ledger.app.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;

/**
 * How the roles reach Redis (--redis-mode): one server, a master found through Sentinel, or a
 * Cluster. With Sentinel and Cluster, {@code --redis-url} lists several endpoints, comma-separated:
 * the sentinels, or the Cluster nodes to learn the slot map from (any one that answers will do).
 *
 * @param mode           standalone, sentinel or cluster
 * @param sentinelMaster the master set's name the sentinels watch (Sentinel mode only)
 */
public record RedisTopology(Mode mode, String sentinelMaster) {

  /** The shapes of Redis the ledger runs on. */
  public enum Mode {
    STANDALONE, SENTINEL, CLUSTER;

    /** {@code standalone|sentinel|cluster}, any case; an IllegalArgumentException names the choices. */
    public static Mode parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--redis-mode must be standalone, sentinel or cluster, got '" + value + "'");
      }
    }
  }

  public RedisTopology {
    if (mode == Mode.SENTINEL && (sentinelMaster == null || sentinelMaster.isBlank())) {
      throw new IllegalArgumentException("--redis-mode sentinel needs --redis-sentinel-master, the name of the master"
          + " set the sentinels watch");
    }
  }

  /** One Redis server: {@code ./ledger serve}'s embedded one, or the URL given. */
  public static RedisTopology defaults() {
    return new RedisTopology(Mode.STANDALONE, "mymaster");
  }

  /** The embedded Redis is one server: the other modes need --redis-url. */
  public void checkEmbedded() {
    if (mode != Mode.STANDALONE) {
      throw new IllegalArgumentException("--redis-mode " + mode.name().toLowerCase(Locale.ROOT) + " needs --redis-url ("
          + (mode == Mode.SENTINEL ? "the sentinels" : "one or more nodes of the cluster")
          + ", comma-separated): the embedded Redis is a single server");
    }
  }

  /**
   * The endpoints of {@code url}: one for a standalone Redis, one or more for the others. All
   * share a scheme, since one set of TLS settings serves every connection of the client.
   */
  public List<String> endpoints(String url) {
    List<String> endpoints = new ArrayList<>();
    for (String part : url.split(",")) {
      if (!part.isBlank()) {
        endpoints.add(part.trim());
      }
    }
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("--redis-url names no endpoint");
    }
    if (mode == Mode.STANDALONE && endpoints.size() > 1) {
      throw new IllegalArgumentException("--redis-url lists " + endpoints.size() + " endpoints, but --redis-mode is "
          + "standalone: list several only for sentinel (the sentinels) or cluster (seed nodes)");
    }
    String scheme = scheme(endpoints.get(0));
    for (String endpoint : endpoints) {
      if (!scheme.equals(scheme(endpoint))) {
        throw new IllegalArgumentException("--redis-url mixes redis:// and rediss:// endpoints: use one scheme for all");
      }
    }
    return endpoints;
  }

  /**
   * Sets {@code options}' client type and endpoints for {@code url}. Sentinel clients ask for the
   * master ({@code RedisRole.MASTER}) and reach it with the scheme and credentials of the sentinel
   * URLs (vertx-redis-client builds the master's address from them). Automatic failover of the
   * client stays off: it would move a pub/sub connection to the new master without its
   * subscription or handlers, while a closed connection makes the feed subscribe again.
   */
  public RedisOptions applyTo(String url, RedisOptions options) {
    options.setEndpoints(new ArrayList<>(endpoints(url)));
    switch (mode) {
      case STANDALONE -> options.setType(RedisClientType.STANDALONE);
      case SENTINEL -> options.setType(RedisClientType.SENTINEL).setRole(RedisRole.MASTER)
          .setMasterName(sentinelMaster).setAutoFailover(false);
      case CLUSTER -> options.setType(RedisClientType.CLUSTER);
      default -> throw new IllegalStateException(mode.toString());
    }
    return options;
  }

  /**
   * Read leniently, without parsing the URL: a URL that does not parse is refused later, redacted
   * (SecretUrls), and URI's own message would quote its password.
   */
  private static String scheme(String endpoint) {
    int end = endpoint.indexOf("://");
    return end < 0 ? "" : endpoint.substring(0, end).trim().toLowerCase(Locale.ROOT);
  }
}

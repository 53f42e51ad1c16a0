package ledger.app.cli;

import static ledger.app.cli.ServeArgs.refusal;
import static ledger.app.cli.ServeArgs.parsed;
import static org.assertj.core.api.Assertions.assertThat;


import ledger.app.server.RedisTopology;
import org.junit.jupiter.api.Test;

/** {@code --redis-mode} and {@code --redis-sentinel-master} reach the configuration; what cannot work is a usage error. */
class RedisTopologyOptionsTest {

  @Test
  void the_default_is_one_redis_server() {
    assertThat(parsed().config().operations().redis()).isEqualTo(RedisTopology.defaults());
    assertThat(RedisTopology.defaults().mode()).isEqualTo(RedisTopology.Mode.STANDALONE);
  }

  @Test
  void cluster_and_sentinel_take_a_list_of_endpoints() {
    RedisTopology cluster = parsed("--redis-mode", "cluster", "--redis-url", "redis://n1:7000, redis://n2:7000")
        .config().operations().redis();
    assertThat(cluster.mode()).isEqualTo(RedisTopology.Mode.CLUSTER);
    assertThat(cluster.endpoints("redis://n1:7000, redis://n2:7000")).containsExactly("redis://n1:7000", "redis://n2:7000");

    RedisTopology sentinel = parsed("--redis-mode", "SENTINEL", "--redis-sentinel-master", "ledger",
        "--redis-url", "rediss://s1:26379,rediss://s2:26379").config().operations().redis();
    assertThat(sentinel).isEqualTo(new RedisTopology(RedisTopology.Mode.SENTINEL, "ledger"));
  }

  @Test
  void a_topology_that_cannot_work_is_refused_before_anything_starts() {
    assertThat(refusal("--redis-mode", "replicated"))
        .startsWith("--redis-mode must be standalone, sentinel or cluster, got 'replicated'");
    assertThat(refusal("--redis-mode", "cluster"))
        .startsWith("--redis-mode cluster needs --redis-url (one or more nodes of the cluster, comma-separated)");
    assertThat(refusal("--redis-url", "redis://a:6379,redis://b:6379"))
        .startsWith("--redis-url lists 2 endpoints, but --redis-mode is standalone");
    assertThat(refusal("--redis-mode", "cluster", "--redis-url", "redis://a:6379,rediss://b:6380"))
        .startsWith("--redis-url mixes redis:// and rediss:// endpoints");
    assertThat(refusal("--redis-mode", "sentinel", "--redis-sentinel-master", " ", "--redis-url", "redis://s:26379"))
        .startsWith("--redis-mode sentinel needs --redis-sentinel-master");
  }
}

package ledger.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import org.junit.jupiter.api.Test;

/** What each mode makes of vertx-redis-client's options. */
class RedisTopologyTest {

  @Test
  void standalone_is_one_endpoint() {
    RedisOptions options = RedisTopology.defaults().applyTo("redis://cache:6379", new RedisOptions());
    assertThat(options.getType()).isEqualTo(RedisClientType.STANDALONE);
    assertThat(options.getEndpoints()).containsExactly("redis://cache:6379");
  }

  @Test
  void sentinel_asks_the_sentinels_for_the_master_and_leaves_failover_to_closed_connections() {
    RedisOptions options = new RedisTopology(RedisTopology.Mode.SENTINEL, "ledger")
        .applyTo("redis://:pw@s1:26379,redis://:pw@s2:26379", new RedisOptions());
    assertThat(options.getType()).isEqualTo(RedisClientType.SENTINEL);
    assertThat(options.getRole()).isEqualTo(RedisRole.MASTER);
    assertThat(options.getMasterName()).isEqualTo("ledger");
    assertThat(options.isAutoFailover()).isFalse();
    assertThat(options.getEndpoints()).containsExactly("redis://:pw@s1:26379", "redis://:pw@s2:26379");
  }

  @Test
  void cluster_learns_the_slots_from_any_seed() {
    RedisOptions options = new RedisTopology(RedisTopology.Mode.CLUSTER, "mymaster")
        .applyTo("rediss://n1:7000,rediss://n2:7000,", new RedisOptions());
    assertThat(options.getType()).isEqualTo(RedisClientType.CLUSTER);
    assertThat(options.getEndpoints()).containsExactly("rediss://n1:7000", "rediss://n2:7000");
  }
}

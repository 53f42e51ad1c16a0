package ledger.app.cli;

import ledger.app.server.RedisTopology;
import ledger.app.server.ServerConfig;
import picocli.CommandLine.Option;

/** {@code ledger serve}'s flags for the shape of Redis (a picocli mixin): docs/operations.md, "Redis topologies". */
public final class RedisTopologyOptions {

  @Option(names = "--redis-mode", defaultValue = "${env:LEDGER_REDIS_MODE:-standalone}",
      description = "standalone, sentinel or cluster. With sentinel and cluster, --redis-url lists the sentinels or"
          + " seed nodes, comma-separated (default: ${DEFAULT-VALUE}; env LEDGER_REDIS_MODE).")
  String mode;

  @Option(names = "--redis-sentinel-master", defaultValue = "${env:LEDGER_REDIS_SENTINEL_MASTER:-mymaster}",
      description = "With --redis-mode sentinel: the name of the master set the sentinels watch"
          + " (default: ${DEFAULT-VALUE}; env LEDGER_REDIS_SENTINEL_MASTER).")
  String sentinelMaster;

  /** {@code config} with this topology; an IllegalArgumentException says what does not fit. */
  ServerConfig applyTo(ServerConfig config) {
    RedisTopology topology = new RedisTopology(RedisTopology.Mode.parse(mode), sentinelMaster);
    if (config.redisUrl() == null) {
      topology.checkEmbedded();
    } else {
      topology.endpoints(config.redisUrl());
    }
    return config.withOperations(config.operations().withRedis(topology));
  }
}

package ledger.app.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Everything a server process is told, read once from flags and environment by the
 * launcher. Null URLs mean: start the embedded server under {@code dataDir}.
 */
public record ServerConfig(
    Set<Role> roles,
    String host,
    int grpcPort,
    int httpPort,
    Path dataDir,
    String pgUrl,
    String redisUrl,
    String keyPrefix,
    int eventLoops,
    int pgPoolSize,
    int redisPoolSize,
    Duration maxTokenWait,
    int snapshotEvery,
    int commandCacheSize,
    Duration shutdownGrace) {
}

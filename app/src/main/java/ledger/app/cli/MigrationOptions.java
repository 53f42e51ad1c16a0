package ledger.app.cli;

import java.time.Duration;

import ledger.app.server.ServerConfig;
import picocli.CommandLine.Option;

/** {@code ledger serve}'s flags for schema migrations at start (a picocli mixin; docs/kubernetes.md, "Upgrade"). */
public final class MigrationOptions {

  @Option(names = "--migrate", arity = "0..1", fallbackValue = "true", defaultValue = "${env:LEDGER_MIGRATE:-true}",
      description = "Apply pending schema migrations at start (default: ${DEFAULT-VALUE}; env LEDGER_MIGRATE). "
          + "With false, another process migrates (`ledger migrate`) and this one waits for the schema.")
  boolean migrate;

  @Option(names = "--schema-wait-ms", defaultValue = "${env:LEDGER_SCHEMA_WAIT_MS:-120000}",
      description = "With --migrate=false, how long a start waits for a schema that is behind this build, then "
          + "exits non-zero (default: ${DEFAULT-VALUE}; env LEDGER_SCHEMA_WAIT_MS).")
  long schemaWaitMillis;

  ServerConfig applyTo(ServerConfig config) {
    if (schemaWaitMillis < 0) {
      throw new IllegalArgumentException("--schema-wait-ms must be 0 or more, not " + schemaWaitMillis);
    }
    return config.withOperations(config.operations().withMigrate(migrate)
        .withSchemaWait(Duration.ofMillis(schemaWaitMillis)));
  }
}

package ledger.app.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the client commands send their calls. */
public final class ClientOptions {

  @Option(names = "--target", defaultValue = "${env:LEDGER_TARGET:-localhost:9090}",
      description = "The ledger's gRPC address, host:port (default: ${DEFAULT-VALUE}; env LEDGER_TARGET).")
  String target;

  @Option(names = "--timeout-ms", defaultValue = "10000",
      description = "Deadline of each call in milliseconds (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Mixin
  ClientTlsOptions tls;
  // Not --token: balance and watch take a consistency token under that name (DESIGN §2, the README's tour).
  @Option(names = "--auth-token", defaultValue = "${env:LEDGER_TOKEN}",
      description = "Bearer token (JWT) sent as authorization metadata, for a ledger that authenticates its callers"
          + " (env LEDGER_TOKEN, which other users cannot read from the process list, unlike this flag).")
  String authToken;
}

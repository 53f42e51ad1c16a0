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
}

package ledger.app.cli;

import ledger.app.server.LimitSettings;
import ledger.app.server.ServerConfig;
import picocli.CommandLine.Option;

/** {@code ledger serve}'s limit on a request message's size (docs/security.md, "Hostile input"). */
public final class MessageSizeOptions {

  @Option(names = "--max-message-size", defaultValue = "${env:LEDGER_MAX_MESSAGE_SIZE:-4194304}",
      description = "Largest request message in bytes, as sent and once a gzip-compressed one is inflated; a larger"
          + " one is refused RESOURCE_EXHAUSTED MESSAGE_TOO_LARGE (default: ${DEFAULT-VALUE}, 4 MiB;"
          + " env LEDGER_MAX_MESSAGE_SIZE).")
  long maxMessageSize;

  ServerConfig applyTo(ServerConfig config) {
    LimitSettings limits = config.security().limits().withMaxMessageBytes(maxMessageSize);
    return config.withSecurity(config.security().withLimits(limits));
  }
}

package ledger.app.cli;

import ledger.app.server.LimitSettings;
import ledger.app.server.ServerConfig;
import picocli.CommandLine.Option;

/** {@code serve}'s per-caller and queue limits (docs/security.md, "Limits"). */
public final class LimitOptions {

  @Option(names = "--command-rate", defaultValue = "${env:LEDGER_COMMAND_RATE:-0}",
      description = "Commands a second per caller (the authenticated subject, else the peer address); beyond it "
          + "RESOURCE_EXHAUSTED RATE_LIMITED with a retry delay. 0 turns it off (default: ${DEFAULT-VALUE}; "
          + "env LEDGER_COMMAND_RATE).")
  long commandRate;

  @Option(names = "--command-burst", defaultValue = "${env:LEDGER_COMMAND_BURST:-0}",
      description = "Commands a caller may send at once before --command-rate applies; 0 means one second's worth "
          + "(default: ${DEFAULT-VALUE}; env LEDGER_COMMAND_BURST).")
  long commandBurst;

  @Option(names = "--max-streams-per-caller", defaultValue = "${env:LEDGER_MAX_STREAMS_PER_CALLER:-10000}",
      description = "Server streams one caller may have open at once over all its connections; beyond it "
          + "RESOURCE_EXHAUSTED TOO_MANY_STREAMS (default: ${DEFAULT-VALUE}; env LEDGER_MAX_STREAMS_PER_CALLER).")
  int maxStreamsPerCaller;

  @Option(names = "--append-queue-max", defaultValue = "${env:LEDGER_APPEND_QUEUE_MAX:-10000}",
      description = "Commands the command role holds at once, waiting or being appended; beyond it "
          + "RESOURCE_EXHAUSTED APPEND_QUEUE_FULL at once (default: ${DEFAULT-VALUE}; env LEDGER_APPEND_QUEUE_MAX).")
  int appendQueueMax;

  LimitSettings settings() {
    return new LimitSettings(commandRate, commandBurst, maxStreamsPerCaller, appendQueueMax,
        LimitSettings.defaults().maxMessageBytes());
  }

  /** The configuration with these limits. */
  ServerConfig applyTo(ServerConfig config) {
    return config.withSecurity(config.security().withLimits(settings()));
  }
}

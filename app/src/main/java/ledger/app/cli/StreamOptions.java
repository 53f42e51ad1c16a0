package ledger.app.cli;

import java.time.Duration;

import ledger.app.server.ServerConfig;
import ledger.query.StreamBounds;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s bounds on a StreamBalance client that does not take what it is sent (README,
 * "Streaming balance updates").
 */
public final class StreamOptions {

  @Option(names = "--stream-queue-max", defaultValue = "${env:LEDGER_STREAM_QUEUE_MAX:-1000}",
      description = "Changes one StreamBalance may hold in server memory for a client whose HTTP/2 window is full; "
          + "one more ends the stream RESOURCE_EXHAUSTED STREAM_TOO_SLOW, and the client resumes from its last "
          + "version + 1 (default: ${DEFAULT-VALUE}; env LEDGER_STREAM_QUEUE_MAX).")
  int queueMax;

  @Option(names = "--stream-stall-timeout-ms", defaultValue = "${env:LEDGER_STREAM_STALL_TIMEOUT_MS:-30000}",
      description = "How long a StreamBalance client's window may stay full while a change waits before the stream "
          + "is ended STREAM_TOO_SLOW; then how long that status may wait behind unread data before the stream is "
          + "reset (default: ${DEFAULT-VALUE}; env LEDGER_STREAM_STALL_TIMEOUT_MS).")
  long stallTimeoutMillis;

  StreamBounds bounds() {
    return new StreamBounds(queueMax, Duration.ofMillis(stallTimeoutMillis));
  }

  /** The configuration with these bounds. */
  ServerConfig applyTo(ServerConfig config) {
    return config.withOperations(config.operations().withStreams(bounds()));
  }
}

package ledger.load.grpc;

import java.time.Duration;

/**
 * ghz's {@code stream-call-count} and {@code stream-call-duration} for server-streaming
 * calls: the client ends the stream after that many messages, or that long. A stream the
 * client ends this way counts as OK here (ghz reports it as Canceled).
 */
public record StreamLimits(long count, Duration duration) {

  public static StreamLimits none() {
    return new StreamLimits(0, Duration.ZERO);
  }
}

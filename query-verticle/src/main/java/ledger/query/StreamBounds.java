package ledger.query;

import java.time.Duration;

/**
 * How far a balance stream's client may fall behind before the stream is ended RESOURCE_EXHAUSTED
 * STREAM_TOO_SLOW (README, "Streaming balance updates"). A stream falls behind only while its
 * transport is full: the client's HTTP/2 flow-control window is used up and Vert.x's queue of the
 * stream's writes holds its 16 messages ({@code writeQueueFull}); the changes announced meanwhile
 * wait in the stream's queue in server memory.
 *
 * @param queueMax   changes one stream may hold for its client: one more while the transport is full ends
 *                   the stream ({@code --stream-queue-max}); while it is not (a store read in flight), the
 *                   queue is dropped and the changes are read from the event store instead
 * @param stallTimeout how long the transport may stay full while a change waits, and then how long the
 *                   final status may wait behind the data the client has not read before the stream is
 *                   reset ({@code --stream-stall-timeout-ms})
 */
public record StreamBounds(int queueMax, Duration stallTimeout) {

  public static final StreamBounds DEFAULTS = new StreamBounds(1_000, Duration.ofSeconds(30));

  public StreamBounds {
    if (queueMax < 1) {
      throw new IllegalArgumentException("--stream-queue-max must be 1 or more, got " + queueMax);
    }
    if (stallTimeout == null || stallTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("--stream-stall-timeout-ms must be 1 or more, got " + stallTimeout);
    }
  }
}

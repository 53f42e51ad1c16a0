package ledger.app;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The balance streams' meters as a Prometheus scrape of the fixture's /metrics shows them. */
final class StreamMetrics {

  private final ServerFixture fixture;

  StreamMetrics(ServerFixture fixture) {
    this.fixture = fixture;
  }

  /** StreamBalance calls open (registered for announcements). */
  long open() {
    return value("ledger_query_streams", "");
  }

  /** Announced changes waiting in the streams' queues. */
  long queued() {
    return value("ledger_query_stream_queued", "");
  }

  /** Streams ended STREAM_TOO_SLOW whose status has not left the server yet. */
  long closing() {
    return value("ledger_query_streams_closing", "");
  }

  /** Streams ended STREAM_TOO_SLOW, by outcome ({@code delivered} or {@code undelivered}). */
  long tooSlow(String outcome) {
    return value("ledger_query_streams_too_slow_total", "{outcome=\"" + outcome + "\"}");
  }

  private long value(String name, String labels) {
    String body = fixture.http("/metrics").body();
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name + labels) + " (\\S+)$").matcher(body);
    if (!line.find()) {
      throw new AssertionError("no " + name + labels + " in /metrics");
    }
    return (long) Double.parseDouble(line.group(1));
  }
}

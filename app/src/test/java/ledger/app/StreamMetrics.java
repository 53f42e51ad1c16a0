package ledger.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The balance streams' meters as a Prometheus scrape of the fixture's /metrics shows them. */
final class StreamMetrics {

  /**
   * HTTP/1.1: the JDK client's default h2c upgrade was seen to take a scrape's body for HTTP/2 frames
   * ("Frame type(103) length(7103844) exceeds MAX_FRAME_SIZE", the bytes "ledger_") when scraping often.
   */
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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

  /** Streams ended STREAM_TOO_SLOW, by outcome ({@code delivered} or {@code reset}). */
  long tooSlow(String outcome) {
    return value("ledger_query_streams_too_slow_total", "{outcome=\"" + outcome + "\"}");
  }

  private String scrape() {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.httpPort + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private long value(String name, String labels) {
    String body = scrape();
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name + labels) + " (\\S+)$").matcher(body);
    if (!line.find()) {
      throw new AssertionError("no " + name + labels + " in /metrics");
    }
    return (long) Double.parseDouble(line.group(1));
  }
}

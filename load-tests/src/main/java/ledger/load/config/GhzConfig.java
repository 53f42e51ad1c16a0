package ledger.load.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * One load run as a ghz config file describes it (https://ghz.sh/docs/config), with ghz's
 * defaults. {@code total} is ignored when {@code duration} is set, as in ghz; zero
 * {@code rps} means no rate limit (closed loop); zero {@code timeout} means none.
 *
 * @param transport plaintext or TLS, and how TLS trusts the server ({@code insecure}, {@code cacert} ...)
 * @param data the request messages, used round-robin by request number (one element when
 *             the file gives a single object)
 * @param notes fields that were accepted but have no effect here, said once at start
 */
public record GhzConfig(
    String name,
    CallName call,
    String host,
    Transport transport,
    List<JsonObject> data,
    Map<String, String> metadata,
    int concurrency,
    int connections,
    long total,
    Duration duration,
    Duration maxDuration,
    int rps,
    Duration timeout,
    Duration connectTimeout,
    long skipFirst,
    boolean countErrors,
    DurationStop durationStop,
    Duration streamCallDuration,
    long streamCallCount,
    Map<String, String> tags,
    List<String> notes) {

  public static final int DEFAULT_CONCURRENCY = 50;
  public static final int DEFAULT_CONNECTIONS = 1;
  public static final long DEFAULT_TOTAL = 200;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  public GhzConfig {
    data = data.stream().map(JsonObject::copy).toList();
    metadata = Map.copyOf(metadata);
    tags = Map.copyOf(tags);
    notes = List.copyOf(notes);
  }

  /** True when the run ends by time rather than by count. */
  public boolean timed() {
    return !duration.isZero();
  }

  /** The same run over another transport (command-line TLS flags). */
  public GhzConfig withTransport(Transport other) {
    return new GhzConfig(name, call, host, other, data, metadata, concurrency, connections, total, duration,
        maxDuration, rps, timeout, connectTimeout, skipFirst, countErrors, durationStop, streamCallDuration,
        streamCallCount, tags, notes);
  }

  /** The same run with other metadata (command-line {@code -m}). */
  public GhzConfig withMetadata(Map<String, String> other) {
    return new GhzConfig(name, call, host, transport, data, other, concurrency, connections, total, duration,
        maxDuration, rps, timeout, connectTimeout, skipFirst, countErrors, durationStop, streamCallDuration,
        streamCallCount, tags, notes);
  }

  public GhzConfig with(Overrides o) {
    return GhzConfigParser.validated(new GhzConfig(
        o.name() != null ? o.name() : name,
        call,
        o.host() != null ? o.host() : host,
        transport,
        data,
        metadata,
        o.concurrency() != null ? o.concurrency() : concurrency,
        o.connections() != null ? o.connections() : connections,
        o.total() != null ? o.total() : total,
        // a count given on the command line wins over the file's duration, and the other way round
        o.duration() != null ? o.duration() : o.total() != null ? Duration.ZERO : duration,
        maxDuration,
        o.rps() != null ? o.rps() : rps,
        o.timeout() != null ? o.timeout() : timeout,
        connectTimeout,
        o.skipFirst() != null ? o.skipFirst() : skipFirst,
        countErrors,
        durationStop,
        streamCallDuration,
        streamCallCount,
        tags,
        notes));
  }
}

package ledger.load.config;

import java.util.Map;
import java.util.Set;

/** ghz's config fields (https://ghz.sh/docs/options), sorted by what the Java runner does with them. */
final class GhzFields {

  static final Set<String> SUPPORTED = Set.of(
      "name", "call", "host", "insecure", "cacert", "cert", "key", "cname", "skipTLS", "data", "metadata",
      "concurrency", "connections", "total", "duration", "max-duration", "rps", "timeout", "connect-timeout",
      "skipFirst", "count-errors", "duration-stop", "stream-call-duration", "stream-call-count", "tags",
      "load-schedule", "concurrency-schedule");

  /** ghz fields with nothing to do here, and why. */
  static final Map<String, String> IGNORED = Map.ofEntries(
      Map.entry("proto", "descriptors always come from server reflection"),
      Map.entry("protoset", "descriptors always come from server reflection"),
      Map.entry("import-paths", "descriptors always come from server reflection"),
      Map.entry("reflect-metadata", "reflection calls carry no metadata"),
      Map.entry("format", "the summary goes to stdout; use --report-dir for JSON and HTML"),
      Map.entry("output", "use --report-dir"),
      Map.entry("cpus", "the JVM uses the machine's cores"),
      Map.entry("debug", "no debug log"),
      Map.entry("keepalive", "HTTP/2 connections stay open for the whole run"),
      Map.entry("enable-compression", "requests are sent uncompressed"),
      Map.entry("lb-strategy", "one host, no load balancing"),
      Map.entry("max-recv-message-size", "the client accepts up to 4 MiB"),
      Map.entry("max-send-message-size", "the client sends up to 4 MiB"));

  /** ghz fields this runner could mean to play but does not: refused with the reason. */
  static final Map<String, String> UNSUPPORTED = Map.ofEntries(
      Map.entry("authority", "the :authority is always the host"),
      Map.entry("async", "use \"rps\" for an open-loop load"),
      Map.entry("data-file", "put the messages in \"data\""),
      Map.entry("binary-file", "put the messages in \"data\""),
      Map.entry("metadata-file", "put the metadata in \"metadata\""),
      Map.entry("stream-interval", "client streaming is not supported"),
      Map.entry("stream-dynamic-messages", "client streaming is not supported"),
      Map.entry("load-start", "only the const load schedule is supported"),
      Map.entry("load-end", "only the const load schedule is supported"),
      Map.entry("load-step", "only the const load schedule is supported"),
      Map.entry("load-step-duration", "only the const load schedule is supported"),
      Map.entry("load-max-duration", "only the const load schedule is supported"),
      Map.entry("concurrency-start", "only the const concurrency schedule is supported"),
      Map.entry("concurrency-end", "only the const concurrency schedule is supported"),
      Map.entry("concurrency-step", "only the const concurrency schedule is supported"),
      Map.entry("concurrency-step-duration", "only the const concurrency schedule is supported"),
      Map.entry("concurrency-max-duration", "only the const concurrency schedule is supported"),
      Map.entry("disable-template-functions", "templates are always rendered"),
      Map.entry("disable-template-data", "templates are always rendered"));

  private GhzFields() {
  }
}

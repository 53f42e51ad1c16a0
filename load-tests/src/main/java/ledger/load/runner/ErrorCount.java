package ledger.load.runner;

/** How often calls ended with one status and message: ghz's error distribution. */
public record ErrorCount(String status, String message, long count) {
}

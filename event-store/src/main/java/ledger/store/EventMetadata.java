package ledger.store;

/**
 * Why an event was written: the command that wrote it, the request it belonged to, and who
 * asked: the caller's authenticated subject, null when the caller was anonymous (and for
 * events written before subjects were recorded). The traceparent is the W3C trace context of the
 * append that wrote it, null when that command was not traced (docs/operations.md, "Tracing").
 */
public record EventMetadata(String commandId, String correlationId, String subject, String traceparent) {

  public EventMetadata(String commandId, String correlationId, String subject) {
    this(commandId, correlationId, subject, null);
  }
}

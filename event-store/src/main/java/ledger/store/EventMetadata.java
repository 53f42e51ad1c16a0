package ledger.store;

/**
 * Why an event was written: the command that wrote it, the request it belonged to, and who
 * asked: the caller's authenticated subject, null when the caller was anonymous (and for
 * events written before subjects were recorded).
 */
public record EventMetadata(String commandId, String correlationId, String subject) {
}

package ledger.store;

/** Why an event was written: the command that wrote it and the request it belonged to. */
public record EventMetadata(String commandId, String correlationId) {
}

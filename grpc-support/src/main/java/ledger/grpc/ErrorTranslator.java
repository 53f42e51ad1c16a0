package ledger.grpc;

/**
 * Turns a service's own failures into what the caller sees. Returns null for a failure
 * it does not know, which the binding then reports as INTERNAL under a correlation id.
 */
@FunctionalInterface
public interface ErrorTranslator {

  ApiException translate(Throwable failure);
}

package ledger.grpc;

/** Makes the gate of each service, from the scope the service needs ({@link Scopes}). */
@FunctionalInterface
public interface CallGates {

  /** Authentication off. */
  CallGates OPEN = scope -> CallGate.OPEN;

  CallGate requiring(String scope);
}

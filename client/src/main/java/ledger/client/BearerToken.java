package ledger.client;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * {@code authorization: Bearer <jwt>} on every call, the token asked of the supplier each time
 * (on the application executor, so a supplier may block to refresh it), so a rotating token needs
 * no new client.
 */
public final class BearerToken extends CallCredentials {

  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<String> tokens;

  BearerToken(Supplier<String> tokens) {
    this.tokens = tokens;
  }

  /** Credentials sending the supplier's token with every call (e.g. for a {@link BalanceWatch} of its own). */
  public static CallCredentials supplying(Supplier<String> tokens) {
    return new BearerToken(java.util.Objects.requireNonNull(tokens, "tokens"));
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    appExecutor.execute(() -> {
      String token;
      try {
        token = tokens.get();
      } catch (RuntimeException e) {
        applier.fail(Status.UNAUTHENTICATED.withDescription("the bearer token supplier failed: " + e).withCause(e));
        return;
      }
      if (token == null || token.isBlank()) {
        applier.fail(Status.UNAUTHENTICATED.withDescription("the bearer token supplier gave no token"));
        return;
      }
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + token);
      applier.apply(headers);
    });
  }
}

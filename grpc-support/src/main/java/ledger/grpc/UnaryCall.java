package ledger.grpc;

import io.vertx.core.Future;

/** The body of a unary RPC: a request in, a future response out. */
@FunctionalInterface
public interface UnaryCall<Req, Resp> {

  Future<Resp> call(Req request, CallContext context);
}

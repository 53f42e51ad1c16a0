package ledger.grpc;

/** The body of a server-streaming RPC: writes to the sink, then ends or fails it. */
@FunctionalInterface
public interface StreamCall<Req, Resp> {

  void start(Req request, CallContext context, StreamSink<Resp> sink);
}

package ledger.grpc;

import io.vertx.core.Handler;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.InvalidMessageException;
import io.vertx.grpc.common.MessageSizeOverflowException;
import io.vertx.grpc.server.GrpcServerRequest;
import ledger.domain.LedgerException;

/**
 * Reads the one request message of a unary or server-streaming call and hands over exactly one
 * outcome: the decoded request, or the refusal of a body that does not parse, is too large, or
 * ends before a whole message arrived. Without the last, vertx-grpc 5.0.7 never calls a
 * handler for an empty or truncated body and the call waits for the caller's deadline. Messages
 * after the first are ignored: a unary call runs once.
 */
final class SingleRequest<Req> {

  private final RequestDecoder<Req> decoder;
  private final Handler<Req> onRequest;
  private final Handler<LedgerException> onRefused;
  private boolean settled;

  private SingleRequest(RequestDecoder<Req> decoder, Handler<Req> onRequest, Handler<LedgerException> onRefused) {
    this.decoder = decoder;
    this.onRequest = onRequest;
    this.onRefused = onRefused;
  }

  static <Req> void read(GrpcServerRequest<Req, ?> request, RequestDecoder<Req> decoder, Handler<Req> onRequest,
                         Handler<LedgerException> onRefused) {
    SingleRequest<Req> reader = new SingleRequest<>(decoder, onRequest, onRefused);
    request.messageHandler(reader::message);
    // Replaces the server's own handler, which answers RESOURCE_EXHAUSTED with neither message nor reason.
    request.invalidMessageHandler(reader::invalid);
    request.endHandler(v -> reader.ended());
  }

  private void message(GrpcMessage message) {
    if (settle()) {
      Req request;
      try {
        request = decoder.decode(message);
      } catch (LedgerException refused) {
        onRefused.handle(refused);
        return;
      }
      onRequest.handle(request);
    }
  }

  private void invalid(InvalidMessageException invalid) {
    if (settle()) {
      onRefused.handle(invalid instanceof MessageSizeOverflowException tooLarge
          ? decoder.tooLarge(tooLarge.messageSize()) : decoder.incomplete());
    }
  }

  private void ended() {
    if (settle()) {
      onRefused.handle(decoder.incomplete());
    }
  }

  private boolean settle() {
    if (settled) {
      return false;
    }
    settled = true;
    return true;
  }
}

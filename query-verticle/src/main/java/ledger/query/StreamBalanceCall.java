package ledger.query;

import java.util.OptionalLong;

import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import ledger.domain.AccountId;
import ledger.grpc.ApiException;
import ledger.grpc.CallContext;
import ledger.grpc.StreamSink;
import ledger.readmodel.AccountView;
import ledger.readmodel.ConsistencyToken;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.PgEventStore;
import ledger.v1.BalanceUpdate;
import ledger.v1.StreamBalanceRequest;

/** StreamBalance: validates, registers the stream for announcements, then starts it where the caller asked. */
final class StreamBalanceCall {

  private final ViewReader reader;
  private final TokenWaits waits;
  private final BalanceStreams streams;
  private final PgEventStore events;
  private final AccountLoader loader;
  private final QueryConfig config;

  StreamBalanceCall(ViewReader reader, TokenWaits waits, BalanceStreams streams, PgEventStore events,
                    AccountLoader loader, QueryConfig config) {
    this.reader = reader;
    this.waits = waits;
    this.streams = streams;
    this.events = events;
    this.loader = loader;
    this.config = config;
  }

  void start(StreamBalanceRequest request, CallContext context, StreamSink<BalanceUpdate> sink) {
    AccountId id = AccountId.of(request.getAccountId());
    if (request.hasFromVersion() && request.getFromVersion() < 1) {
      throw new ApiException(GrpcStatus.INVALID_ARGUMENT, "INVALID_VERSION",
          "from_version must be 1 or more, got " + request.getFromVersion());
    }
    ConsistencyToken token = request.getConsistencyToken().isEmpty() ? null
        : ConsistencyToken.decode(request.getConsistencyToken());
    long firstToSend = request.hasFromVersion() ? request.getFromVersion() : 0;
    BalanceStream stream = new BalanceStream(id, sink, events, firstToSend);
    // Registered before anything is read, so no announcement can fall between the read and the registration.
    streams.add(stream);
    sink.onClose(() -> streams.remove(stream));
    if (request.hasFromVersion()) {
      loader.load(id, firstToSend - 1)
          .compose(state -> state.exists() ? Future.succeededFuture(state)
              : events.readStream(id, 1, 1).compose(first -> first.isEmpty()
                  ? Future.failedFuture(BalanceStream.notFound(id)) : Future.succeededFuture(state)))
          .onSuccess(stream::startAfter)
          .onFailure(stream::fail);
    } else {
      currentView(id, token, context)
          .onSuccess(view -> {
            if (view == null) {
              stream.fail(BalanceStream.notFound(id));
            } else {
              stream.startWithState(view);
            }
          })
          .onFailure(stream::fail);
    }
  }

  private Future<AccountView> currentView(AccountId id, ConsistencyToken token, CallContext context) {
    if (token == null) {
      return reader.account(id);
    }
    long budget = context.waitBudgetMillis(config.maxTokenWait().toMillis());
    OptionalLong version = token.versionOf(id);
    if (version.isPresent()) {
      return waits.awaitVersion(id, version.getAsLong(), budget);
    }
    return waits.awaitCheckpoint(token.commitPoint(), budget).compose(caughtUp -> reader.account(id));
  }
}

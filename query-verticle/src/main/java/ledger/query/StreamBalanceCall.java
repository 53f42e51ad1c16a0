package ledger.query;

import io.vertx.core.Future;
import ledger.domain.AccountId;
import ledger.domain.InvalidInputException;
import ledger.domain.Reason;
import ledger.grpc.CallContext;
import ledger.grpc.StreamSink;
import ledger.readmodel.ConsistencyToken;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.PgEventStore;
import ledger.v1.BalanceUpdate;
import ledger.v1.StreamBalanceRequest;

/** StreamBalance: validates, registers the stream for announcements, then starts it where the caller asked. */
final class StreamBalanceCall {

  private final ViewPartitions views;
  private final PgEventStore events;
  private final AccountLoader loader;
  private final QueryConfig config;
  private final StreamPressure pressure;
  private final QueryObserver observer;

  StreamBalanceCall(ViewPartitions views, PgEventStore events, AccountLoader loader, QueryConfig config,
                    StreamPressure pressure, QueryObserver observer) {
    this.views = views;
    this.events = events;
    this.loader = loader;
    this.config = config;
    this.pressure = pressure;
    this.observer = observer;
  }

  void start(StreamBalanceRequest request, CallContext context, StreamSink<BalanceUpdate> sink) {
    AccountId id = AccountId.of(request.getAccountId());
    context.caller().requireAccount(id);
    if (request.hasFromVersion() && request.getFromVersion() < 1) {
      throw new InvalidInputException(Reason.INVALID_VERSION,
          "from_version must be 1 or more, got " + request.getFromVersion());
    }
    ConsistencyToken token = ConsistencyToken.ofRequest(request.getConsistencyToken());
    long firstToSend = request.hasFromVersion() ? request.getFromVersion() : 0;
    BalanceStream stream = new BalanceStream(id, sink, events, firstToSend, config.streamBounds(), pressure,
        observer);
    // Registered before anything is read, so no announcement can fall between the read and the
    // registration; with the account's partition, whose feed alone announces its changes.
    ViewPartition partition = views.of(id);
    BalanceStreams streams = partition.streams();
    streams.add(stream);
    sink.onClose(() -> {
      streams.remove(stream);
      stream.closed();
    });
    if (request.hasFromVersion()) {
      loader.load(id, firstToSend - 1)
          .compose(state -> state.exists() ? Future.succeededFuture(state)
              : events.readStream(id, 1, 1).compose(first -> first.isEmpty()
                  ? Future.failedFuture(Balances.notFound(id)) : Future.succeededFuture(state)))
          .onSuccess(stream::startAfter)
          .onFailure(stream::fail);
    } else {
      partition.waits().viewFor(id, token, context.waitBudgetMillis(config.maxTokenWait().toMillis()))
          .compose(view -> Balances.existing(id, view))
          .onSuccess(stream::startWithState)
          .onFailure(stream::fail);
    }
  }
}

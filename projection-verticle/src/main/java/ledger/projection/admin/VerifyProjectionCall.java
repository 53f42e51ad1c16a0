package ledger.projection.admin;

import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import ledger.domain.AccountId;
import ledger.grpc.CallContext;
import ledger.grpc.StreamSink;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewReads;
import ledger.store.pg.PgEventStore;
import ledger.v1.VerifyProjectionRequest;
import ledger.v1.VerifyProjectionUpdate;

/**
 * VerifyProjection: every account (or the one asked for), a page of accounts at a time,
 * audited against the checkpoint read before any view; each difference is sent as found,
 * the summary last. Sends no faster than the caller reads, and stops if the caller goes.
 */
final class VerifyProjectionCall {

  private static final int ACCOUNTS_PER_PAGE = 100;

  private final Redis redis;
  private final ViewKeys keys;
  private final PgEventStore events;
  private final AccountAudit audit;

  VerifyProjectionCall(Redis redis, ViewKeys keys, PgEventStore events) {
    this.redis = redis;
    this.keys = keys;
    this.events = events;
    this.audit = new AccountAudit(redis, events);
  }

  void start(VerifyProjectionRequest request, CallContext context, StreamSink<VerifyProjectionUpdate> sink) {
    AccountId only = request.getAccountId().isEmpty() ? null : AccountId.of(request.getAccountId());
    ViewReads.live(redis, keys).compose(live -> ViewReads.checkpoint(redis, live).compose(covered -> {
      AuditTally tally = new AuditTally(covered);
      Future<Void> audited = only != null ? page(live, List.of(only), tally, sink) : pagesAfter(live, "", tally, sink);
      return audited.map(done -> tally);
    })).onComplete(outcome -> sink.context().runOnContext(v -> {
      if (outcome.failed()) {
        sink.fail(outcome.cause());
      } else {
        sink.write(outcome.result().summary());
        sink.end();
      }
    }));
  }

  private Future<Void> pagesAfter(ViewKeys live, String after, AuditTally tally,
                                  StreamSink<VerifyProjectionUpdate> sink) {
    return events.streamIds(after, ACCOUNTS_PER_PAGE).compose(ids -> ids.isEmpty() || sink.isClosed()
        ? Future.succeededFuture()
        : page(live, ids, tally, sink).compose(sent -> pagesAfter(live, ids.get(ids.size() - 1).value(), tally, sink)));
  }

  private Future<Void> page(ViewKeys live, List<AccountId> ids, AuditTally tally,
                            StreamSink<VerifyProjectionUpdate> sink) {
    List<Future<AccountAudit.Outcome>> audits = ids.stream().map(id -> audit.audit(live, id, tally.covered())).toList();
    return Future.all(audits).compose(done -> {
      Promise<Void> sent = Promise.promise();
      sink.context().runOnContext(v -> {
        audits.forEach(outcome -> tally.add(outcome.result()).ifPresent(sink::write));
        drained(sink).onComplete(sent);
      });
      return sent.future();
    });
  }

  private static Future<Void> drained(StreamSink<?> sink) {
    if (!sink.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> drained = Promise.promise();
    sink.whenDrained(drained::tryComplete);
    return drained.future();
  }
}

package ledger.projection.admin;

import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import ledger.domain.AccountId;
import ledger.grpc.CallContext;
import ledger.grpc.StreamSink;
import ledger.readmodel.Partitioning;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewReads;
import ledger.store.Checkpoint;
import ledger.store.pg.PgEventStore;
import ledger.v1.VerifyProjectionRequest;
import ledger.v1.VerifyProjectionUpdate;

/**
 * VerifyProjection: every account (or the one asked for), a page of accounts at a time,
 * audited in its partition against that partition's checkpoint, read before any view; each difference is sent as found,
 * the summary last. Sends no faster than the caller reads, and stops if the caller goes.
 */
final class VerifyProjectionCall {

  private static final int ACCOUNTS_PER_PAGE = 100;

  private final Redis redis;
  private final Partitioning partitioning;
  private final PgEventStore events;
  private final AccountAudit audit;

  VerifyProjectionCall(Redis redis, Partitioning partitioning, PgEventStore events) {
    this.redis = redis;
    this.partitioning = partitioning;
    this.events = events;
    this.audit = new AccountAudit(redis, events);
  }

  /** A partition's live generation and the checkpoint its views are held to, read before any view. */
  private record Held(ViewKeys live, Checkpoint covered) {
  }

  void start(VerifyProjectionRequest request, CallContext context, StreamSink<VerifyProjectionUpdate> sink) {
    AccountId only = request.getAccountId().isEmpty() ? null : AccountId.of(request.getAccountId());
    if (only != null) {
      context.caller().requireAccount(only);
    } else {
      context.caller().requireEveryAccount();
    }
    List<Future<Held>> reads = partitioning.partitions().mapToObj(partitioning::keys)
        .map(keys -> ViewReads.live(redis, keys).compose(live -> ViewReads.checkpoint(redis, live)
            .map(covered -> new Held(live, covered)))).toList();
    Future.all(reads).compose(read -> {
      List<Held> held = reads.stream().map(Future::result).toList();
      // the summary names the lowest: every partition's views were held to at least that
      AuditTally tally = new AuditTally(held.stream().map(Held::covered).min(Checkpoint::compareTo).orElseThrow());
      Future<Void> audited = only != null ? page(held, List.of(only), tally, sink) : pagesAfter(held, "", tally, sink);
      return audited.map(done -> tally);
    }).onComplete(outcome -> sink.context().runOnContext(v -> {
      if (outcome.failed()) {
        sink.fail(outcome.cause());
      } else {
        sink.write(outcome.result().summary());
        sink.end();
      }
    }));
  }

  private Future<Void> pagesAfter(List<Held> held, String after, AuditTally tally,
                                  StreamSink<VerifyProjectionUpdate> sink) {
    return events.streamIds(after, ACCOUNTS_PER_PAGE).compose(ids -> ids.isEmpty() || sink.isClosed()
        ? Future.succeededFuture()
        : page(held, ids, tally, sink).compose(sent -> pagesAfter(held, ids.get(ids.size() - 1).value(), tally, sink)));
  }

  /** Each account is audited in its own partition: a view missing there is MISSING, wherever else one is. */
  private Future<Void> page(List<Held> held, List<AccountId> ids, AuditTally tally,
                            StreamSink<VerifyProjectionUpdate> sink) {
    List<Future<AccountAudit.Outcome>> audits = ids.stream().map(id -> {
      Held in = held.get(partitioning.of(id));
      return audit.audit(in.live(), id, in.covered());
    }).toList();
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

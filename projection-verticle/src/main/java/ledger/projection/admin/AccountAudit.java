package ledger.projection.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.readmodel.ViewAudit;
import ledger.readmodel.ViewKeys;
import ledger.readmodel.ViewReads;
import ledger.store.Checkpoint;
import ledger.store.RecordedEvent;
import ledger.store.pg.PgEventStore;

/** Audits one account: its view first, then its whole stream (so the stream holds every event the view has). */
final class AccountAudit {

  private static final int PAGE = 1_000;

  private final Redis redis;
  private final PgEventStore events;

  AccountAudit(Redis redis, PgEventStore events) {
    this.redis = redis;
    this.events = events;
  }

  /** The account's difference, if any, and how many events were replayed to find it. */
  record Outcome(Optional<ViewAudit.Difference> difference, int eventsReplayed) {
  }

  /** Audits the account's view in the generation of {@code keys}. */
  Future<Outcome> audit(ViewKeys keys, AccountId id, Checkpoint covered) {
    return ViewReads.readable(redis, keys, id).compose(view -> stream(id, 1, new ArrayList<>())
        .map(stream -> new Outcome(ViewAudit.check(id, covered, view, stream), stream.size())))
        .recover(failure -> failure instanceof LedgerException refused && (refused.reason() == Reason.VIEW_DEGRADED
            || refused.reason() == Reason.EVENT_UNREADABLE)
            ? Future.succeededFuture(new Outcome(Optional.of(new ViewAudit.Difference(id, ViewAudit.Kind.DEGRADED, 0, 0,
                List.of(), failure.getMessage())), 0))
            : Future.failedFuture(failure));
  }

  private Future<List<RecordedEvent>> stream(AccountId id, long from, List<RecordedEvent> read) {
    return events.readStream(id, from, PAGE).compose(page -> {
      read.addAll(page);
      return page.size() < PAGE ? Future.succeededFuture(read) : stream(id, from + PAGE, read);
    });
  }
}

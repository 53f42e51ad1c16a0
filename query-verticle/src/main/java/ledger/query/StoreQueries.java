package ledger.query;

import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.vertx.core.Future;
import ledger.domain.Account;
import ledger.domain.AccountDecider;
import ledger.domain.AccountId;
import ledger.domain.InvalidInputException;
import ledger.domain.Reason;
import ledger.domain.RejectedException;
import ledger.domain.Rejection;
import ledger.grpc.CallContext;
import ledger.grpc.ProtoTime;
import ledger.readmodel.AccountView;
import ledger.store.RecordedEvent;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.SnapshotStore;
import ledger.v1.Balance;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.GetHistoryResponse;

/** The queries answered from the event store itself: the audit trail and balances in the past. */
final class StoreQueries {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  private final PgEventStore events;
  private final SnapshotStore snapshots;
  private final AccountLoader loader;

  StoreQueries(PgEventStore events, SnapshotStore snapshots, AccountLoader loader) {
    this.events = events;
    this.snapshots = snapshots;
    this.loader = loader;
  }

  Future<GetHistoryResponse> history(GetHistoryRequest request, CallContext context) {
    AccountId id = AccountId.of(request.getAccountId());
    context.caller().requireAccount(id);
    int pageSize = pageSize(request.getPageSize());
    long from = request.getPageToken().isEmpty() ? firstVersion(request.getFromVersion())
        : PageToken.decode(id, request.getPageToken());
    return loader.load(id, from - 1).compose(before -> events.readStream(id, from, pageSize + 1)
        .compose(page -> page.isEmpty() ? requireExists(id).map(exists -> page) : Future.succeededFuture(page))
        .map(page -> {
          GetHistoryResponse.Builder response = GetHistoryResponse.newBuilder();
          Account state = before;
          for (RecordedEvent event : page.subList(0, Math.min(pageSize, page.size()))) {
            state = AccountDecider.evolve(state, event.event());
            response.addEvents(HistoryEntries.of(event, state));
          }
          if (page.size() > pageSize) {
            response.setNextPageToken(PageToken.encode(id, page.get(pageSize).version()));
          }
          return response.build();
        }));
  }

  Future<Balance> balanceAt(GetBalanceAtRequest request, CallContext context) {
    AccountId id = AccountId.of(request.getAccountId());
    context.caller().requireAccount(id);
    Future<Long> version = switch (request.getPointCase()) {
      case VERSION -> Future.succeededFuture(requireVersion(request.getVersion()));
      case AS_OF -> snapshots.versionAt(id, instant(request.getAsOf())).compose(found -> found > 0
          ? Future.succeededFuture(found)
          : requireExists(id).compose(exists -> Future.failedFuture(new RejectedException(new Rejection(
              Reason.ACCOUNT_NOT_FOUND, "account " + id + " did not exist yet at " + instant(request.getAsOf()),
              Map.of("account_id", id.value()))))));
      case POINT_NOT_SET -> Future.failedFuture(new InvalidInputException(Reason.INVALID_POINT,
          "GetBalanceAt needs as_of or version"));
    };
    return version.compose(k -> loader.load(id, k).compose(state -> {
      if (!state.exists()) {
        return Future.failedFuture(Balances.notFound(id));
      }
      if (state.version() < k) {
        return Future.failedFuture(new RejectedException(new Rejection(Reason.VERSION_NOT_REACHED,
            "account " + id + " is at version " + state.version() + ", not yet at " + k,
            Map.of("account_id", id.value(), "current_version", Long.toString(state.version())))));
      }
      return events.readStream(id, k, 1).map(last -> Balances.of(AccountView.after(state, last.get(0))));
    }));
  }

  private Future<Void> requireExists(AccountId id) {
    return events.readStream(id, 1, 1).compose(first -> first.isEmpty()
        ? Future.failedFuture(Balances.notFound(id)) : Future.succeededFuture());
  }

  private static int pageSize(int requested) {
    if (requested == 0) {
      return DEFAULT_PAGE_SIZE;
    }
    if (requested < 0 || requested > MAX_PAGE_SIZE) {
      throw new InvalidInputException(Reason.INVALID_PAGE_SIZE,
          "page_size must be between 1 and " + MAX_PAGE_SIZE + " (0 for " + DEFAULT_PAGE_SIZE + "), got " + requested);
    }
    return requested;
  }

  private static long firstVersion(long requested) {
    if (requested < 0) {
      throw new InvalidInputException(Reason.INVALID_VERSION,
          "from_version must be 0 or more, got " + requested);
    }
    return Math.max(1, requested);
  }

  private static long requireVersion(long version) {
    if (version < 1) {
      throw new InvalidInputException(Reason.INVALID_VERSION, "version must be 1 or more, got " + version);
    }
    return version;
  }

  // Timestamp's own range (years 1 to 9999): seconds beyond what Instant holds used to escape as INTERNAL.
  private static Instant instant(Timestamp timestamp) {
    if (!Timestamps.isValid(timestamp)) {
      throw new InvalidInputException(Reason.INVALID_TIMESTAMP,
          "as_of must be a valid google.protobuf.Timestamp (0001-01-01 to 9999-12-31, nanos 0 to 999999999)");
    }
    return ProtoTime.instant(timestamp);
  }
}

package ledger.query;

import java.time.Instant;

import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetHistoryRequest;

/** Requests of the store-backed queries, spelled the way the tests talk about them. */
final class QueryRequests {

  private QueryRequests() {
  }

  /** A history page from {@code fromVersion} (0 and 1 both mean the first event); page size 0 means the default. */
  static GetHistoryRequest page(String account, long fromVersion, int pageSize) {
    return GetHistoryRequest.newBuilder().setAccountId(account).setFromVersion(fromVersion).setPageSize(pageSize)
        .build();
  }

  static GetBalanceAtRequest atVersion(String account, long version) {
    return GetBalanceAtRequest.newBuilder().setAccountId(account).setVersion(version).build();
  }

  static GetBalanceAtRequest asOf(String account, Instant instant) {
    return GetBalanceAtRequest.newBuilder().setAccountId(account).setAsOf(StoreWriter.timestamp(instant)).build();
  }
}

package ledger.client;

import java.util.List;
import java.util.Optional;

import ledger.v1.HistoryEntry;

/** One page of an account's audit trail, oldest first, and the token of the next page if there is one. */
public record HistoryPage(List<HistoryEntry> events, String nextPageToken) {

  public HistoryPage {
    events = List.copyOf(events);
  }

  public Optional<String> next() {
    return nextPageToken.isEmpty() ? Optional.empty() : Optional.of(nextPageToken);
  }
}

package ledger.query;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ledger.domain.AccountId;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.ViewReads;

/** The open balance streams of this process, by account; fed by the projection's announcements. Thread-safe. */
final class BalanceStreams {

  private final Map<AccountId, Set<BalanceStream>> byAccount = new ConcurrentHashMap<>();

  void add(BalanceStream stream) {
    byAccount.compute(stream.account(), (id, streams) -> {
      Set<BalanceStream> set = streams != null ? streams : ConcurrentHashMap.newKeySet();
      set.add(stream);
      return set;
    });
  }

  void remove(BalanceStream stream) {
    byAccount.computeIfPresent(stream.account(), (id, streams) -> {
      streams.remove(stream);
      return streams.isEmpty() ? null : streams;
    });
  }

  void onFeed(FeedMessage message) {
    for (FeedMessage.Change change : message.changes()) {
      Set<BalanceStream> streams = byAccount.get(change.view().accountId());
      if (streams != null) {
        streams.forEach(stream -> stream.offer(change));
      }
    }
    // Its next change cannot be read: end the streams rather than leave them silent; a resume says VIEW_DEGRADED.
    for (AccountId id : message.degraded()) {
      Set<BalanceStream> streams = byAccount.get(id);
      if (streams != null) {
        streams.forEach(stream -> stream.fail(ViewReads.degraded(id, "announced by the projection")));
      }
    }
  }

  /** Ends every stream with this failure (their accounts' history changed under them). */
  void failAll(Throwable failure) {
    byAccount.values().forEach(streams -> streams.forEach(stream -> stream.fail(failure)));
  }

  /** The feed was interrupted: every stream looks in the event store for what it may have missed. */
  void resync() {
    byAccount.values().forEach(streams -> streams.forEach(BalanceStream::catchUp));
  }

  int live() {
    return byAccount.values().stream().mapToInt(Set::size).sum();
  }
}

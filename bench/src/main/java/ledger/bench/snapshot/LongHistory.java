package ledger.bench.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import ledger.domain.AccountEvent;
import ledger.domain.AccountId;
import ledger.domain.CommandId;
import ledger.domain.Currency;
import ledger.store.Append;
import ledger.store.AppendResult;
import ledger.store.NewEvent;
import ledger.store.pg.AppendBatcher;
import ledger.store.pg.CommitNotifier;
import ledger.store.pg.PgEventStore;

/**
 * Gives an account a long, valid history (one AccountOpened, then deposits of 1) through the
 * event store's own write path: one append per event, as a deposit would make it, queued on a
 * group-committing {@link AppendBatcher} that rings the tail's doorbell after every commit, so
 * the projection hears of the history as it would of real commands.
 */
final class LongHistory {

  private static final Currency USD = Currency.of("USD");
  private static final int BATCH = 1_000;

  private LongHistory() {
  }

  /** Appends {@code events} events to the new stream {@code account}; returns the last one's position. */
  static long append(Vertx vertx, Pool pool, String account, int events) {
    AppendBatcher batcher = new AppendBatcher(new PgEventStore(pool), new CommitNotifier(vertx, pool), BATCH, 2,
        AppendBatcher.Observer.NONE);
    AccountId stream = AccountId.of(account);
    List<Future<AppendResult>> appended = new ArrayList<>(events);
    appended.add(batcher.append(append("bulk-open", "OpenAccount", new NewEvent(stream, 1,
        new AccountEvent.AccountOpened(USD, 0)))));
    for (int version = 2; version <= events; version++) {
      appended.add(batcher.append(append("bulk-" + version, "Deposit", new NewEvent(stream, version,
          new AccountEvent.MoneyDeposited(1, USD, "bulk", version - 1)))));
    }
    try {
      Future.all(appended).await(10, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the history was not appended within 10 minutes", e);
    }
    return appended.get(appended.size() - 1).result().globalPosition();
  }

  private static Append append(String commandId, String commandType, NewEvent event) {
    return new Append(CommandId.of(commandId), sha256(commandId), commandType, "bench", null, List.of(event));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

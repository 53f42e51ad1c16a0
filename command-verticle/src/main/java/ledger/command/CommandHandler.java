package ledger.command;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import ledger.domain.Account;
import ledger.domain.AccountDecider;
import ledger.domain.AccountEvent;
import ledger.domain.AccountId;
import ledger.domain.Decision;
import ledger.store.Append;
import ledger.store.Checkpoint;
import ledger.store.CommandRecord;
import ledger.store.DuplicateCommandException;
import ledger.store.NewEvent;
import ledger.store.RecordedEvent;
import ledger.store.StreamConflictException;
import ledger.store.pg.CommitNotifier;
import ledger.store.pg.PgEventStore;

/**
 * The write path: load the account (from the cache or the store), decide, append the
 * events with the command's idempotency record, retry a bounded number of times when
 * another writer got there first. Safe to call from any thread.
 */
public final class CommandHandler {

  private final Vertx vertx;
  private final PgEventStore store;
  private final CommitNotifier notifier;
  private final CommandConfig config;
  private final AccountLanes lanes = new AccountLanes();
  private final StateCache cache;

  public CommandHandler(Vertx vertx, PgEventStore store, CommitNotifier notifier, CommandConfig config) {
    this.vertx = vertx;
    this.store = store;
    this.notifier = notifier;
    this.config = config;
    this.cache = new StateCache(config.cacheSize());
  }

  public Future<CommandOutcome> execute(CommandRequest request) {
    return lanes.run(List.of(request.command().accountId()), () -> attempt(request, 1));
  }

  private Future<CommandOutcome> attempt(CommandRequest request, int attempt) {
    AccountId id = request.command().accountId();
    Account cached = cache.get(id);
    if (cached != null) {
      return decide(request, cached, true, attempt);
    }
    return load(id).compose(state -> decide(request, state, false, attempt));
  }

  private Future<CommandOutcome> decide(CommandRequest request, Account state, boolean cached, int attempt) {
    Decision decision = AccountDecider.decide(request.command(), state);
    if (decision instanceof Decision.Accepted accepted && !accepted.events().isEmpty()) {
      return append(request, state, accepted.events(), attempt);
    }
    if (cached) {
      // A refusal or a no-op is not checked by the append, so never give one from a cached state.
      // The cached state folds committed, immutable events: only what came after it is read.
      cache.invalidate(state.id());
      return loadAfter(state).compose(fresh -> decide(request, fresh, false, attempt));
    }
    return earlierResult(request).compose(earlier -> earlier.isPresent()
        ? Future.succeededFuture(earlier.get())
        : outcomeOf(decision, state));
  }

  private Future<CommandOutcome> append(CommandRequest request, Account state, List<AccountEvent> events,
                                        int attempt) {
    List<NewEvent> newEvents = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      newEvents.add(new NewEvent(state.id(), state.version() + 1 + i, events.get(i)));
    }
    Account after = AccountDecider.fold(state, events);
    Append append = new Append(request.commandId(), request.fingerprint(), request.commandType(),
        request.correlationId(), newEvents);
    return store.append(append)
        .map(result -> {
          cache.put(after);
          notifier.ring();
          return new CommandOutcome(Map.of(after.id(), after.version()), result.checkpoint(), events.size(), false);
        })
        .recover(failure -> {
          if (failure instanceof StreamConflictException conflict) {
            cache.invalidate(state.id());
            if (attempt >= config.maxAttempts()) {
              return Future.failedFuture(new ConflictsExhaustedException(attempt, conflict.getMessage()));
            }
            // The state lost only to newer events: read those, not the whole history again.
            return backoff(attempt).compose(waited -> loadAfter(state))
                .compose(fresh -> decide(request, fresh, false, attempt + 1));
          }
          if (failure instanceof DuplicateCommandException) {
            return earlierResult(request).map(earlier -> earlier.orElseThrow(() ->
                new IllegalStateException("command " + request.commandId() + " collided but has no record")));
          }
          return Future.failedFuture(failure);
        });
  }

  /** The result of an earlier execution of this command id, if there was one. */
  private Future<Optional<CommandOutcome>> earlierResult(CommandRequest request) {
    return store.findCommand(request.commandId()).map(found -> found.map(record -> repeatOf(request, record)));
  }

  private static CommandOutcome repeatOf(CommandRequest request, CommandRecord record) {
    if (!MessageDigest.isEqual(record.fingerprint(), request.fingerprint())) {
      throw new CommandIdReusedException(request.commandId(), record.commandType());
    }
    return new CommandOutcome(record.versions(), record.checkpoint(), 0, true);
  }

  private static Future<CommandOutcome> outcomeOf(Decision decision, Account state) {
    if (decision instanceof Decision.Rejected rejected) {
      return Future.failedFuture(new RejectedException(rejected.rejection()));
    }
    return Future.succeededFuture(new CommandOutcome(Map.of(state.id(), state.version()), Checkpoint.START, 0, false));
  }

  private Future<Account> load(AccountId id) {
    return loadAfter(Account.unopened(id));
  }

  private Future<Account> loadAfter(Account state) {
    return store.readStream(state.id(), state.version() + 1, config.readPageSize()).compose(page -> {
      Account next = AccountDecider.fold(state, page.stream().map(RecordedEvent::event).toList());
      if (page.size() == config.readPageSize()) {
        return loadAfter(next);
      }
      if (next.exists()) {
        cache.put(next);
      }
      return Future.succeededFuture(next);
    });
  }

  private Future<Void> backoff(int attempt) {
    long delay = 1 + ThreadLocalRandom.current().nextLong(2L * attempt);
    return vertx.timer(delay).mapEmpty();
  }
}

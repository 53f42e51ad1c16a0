package ledger.command;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import ledger.domain.LedgerDecider;
import ledger.domain.RejectedException;
import ledger.grpc.LogFields;
import ledger.grpc.Tracing;
import ledger.store.Append;
import ledger.store.Checkpoint;
import ledger.store.CommandRecord;
import ledger.store.DuplicateCommandException;
import ledger.store.NewEvent;
import ledger.store.StreamConflictException;
import ledger.store.pg.AccountLoader;
import ledger.store.pg.AppendBatcher;
import ledger.store.pg.CommitNotifier;
import ledger.store.pg.PgEventStore;
import ledger.store.pg.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path: load the accounts (from the cache, or the newest snapshot and the
 * events after it), decide, append every stream's events with the command's idempotency
 * record in one statement, retry a bounded number of times when another writer got there
 * first. Safe to call from any thread.
 */
public final class CommandHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

  private final Vertx vertx;
  private final PgEventStore store;
  private final AppendBatcher batcher;
  private final AppendSpans appends;
  private final AccountLoader loader;
  private final SnapshotStore snapshots;
  private final CommandConfig config;
  private final CommandObserver observer;
  private final AccountLanes lanes = new AccountLanes();
  private final CommandAdmission admission;
  private final StateCache cache;

  public CommandHandler(Vertx vertx, PgEventStore store, AccountLoader loader, SnapshotStore snapshots,
                        CommitNotifier notifier, CommandConfig config, CommandObserver observer) {
    this(vertx, store, loader, snapshots, notifier, config, observer, Tracing.OFF);
  }

  /** With {@code tracing} on, each traced command's append is a span of its own (see {@link AppendSpans}). */
  public CommandHandler(Vertx vertx, PgEventStore store, AccountLoader loader, SnapshotStore snapshots,
                        CommitNotifier notifier, CommandConfig config, CommandObserver observer, Tracing tracing) {
    this.vertx = vertx;
    this.store = store;
    this.observer = observer;
    this.batcher = new AppendBatcher(store, notifier, config.batchMax(), config.batchInFlight(),
        config.batchLingerMicros(), observer::appendBatch);
    this.appends = new AppendSpans(tracing, batcher);
    this.loader = loader;
    this.snapshots = snapshots;
    this.config = config;
    this.cache = new StateCache(config.cacheSize());
    this.admission = new CommandAdmission(config.queueMax());
  }

  /** Refused at once, with nothing read or written, when the role already holds its most commands. */
  public Future<CommandOutcome> execute(CommandRequest request) {
    if (!admission.tryEnter()) {
      observer.appendQueueFull();
      return Future.failedFuture(admission.refusal());
    }
    Future<CommandOutcome> outcome;
    try {
      outcome = lanes.run(request.command().accounts(), () -> attempt(request));
    } catch (RuntimeException e) {
      admission.leave();
      throw e;
    }
    return outcome.onComplete(done -> admission.leave());
  }

  /** Commands held right now: waiting for their account, their load or their append, or being appended. */
  public int held() {
    return admission.held();
  }

  private Future<CommandOutcome> attempt(CommandRequest request) {
    Map<AccountId, Account> states = new LinkedHashMap<>();
    List<Future<Account>> loads = new ArrayList<>();
    boolean cached = false;
    for (AccountId id : request.command().accounts()) {
      Account hit = cache.get(id);
      cached |= hit != null;
      loads.add(hit != null ? Future.succeededFuture(hit) : load(id));
    }
    boolean anyCached = cached;
    return Future.all(loads).compose(loaded -> {
      loads.forEach(f -> states.put(f.result().id(), f.result()));
      return decide(request, states, anyCached, 1);
    });
  }

  private Future<CommandOutcome> decide(CommandRequest request, Map<AccountId, Account> states, boolean cached,
                                        int attempt) {
    Decision decision = LedgerDecider.decide(request.command(), states);
    if (decision instanceof Decision.Accepted accepted && accepted.changesSomething()) {
      return append(request, states, accepted, attempt);
    }
    if (cached) {
      // A refusal or a no-op is not checked by the append, so never give one from a cached state.
      // Cached states fold committed, immutable events: only what came after them is read.
      return refresh(states).compose(fresh -> decide(request, fresh, false, attempt));
    }
    return earlierResult(request).compose(earlier -> earlier.isPresent()
        ? Future.succeededFuture(earlier.get())
        : outcomeOf(request, decision, states));
  }

  private Future<CommandOutcome> append(CommandRequest request, Map<AccountId, Account> states,
                                        Decision.Accepted decision, int attempt) {
    List<NewEvent> newEvents = new ArrayList<>();
    Map<AccountId, Account> after = new LinkedHashMap<>();
    states.forEach((id, state) -> {
      List<AccountEvent> events = decision.eventsOf(id);
      for (int i = 0; i < events.size(); i++) {
        newEvents.add(new NewEvent(id, state.version() + 1 + i, events.get(i)));
      }
      after.put(id, AccountDecider.fold(state, events));
    });
    Append append = new Append(request.commandId(), request.fingerprint(), request.commandType(),
        request.correlationId(), request.subject(), newEvents);
    return appends.append(append, request.trace())
        .map(result -> {
          after.values().forEach(cache::put);
          after.forEach((id, state) -> snapshotIfDue(states.get(id), state));
          return new CommandOutcome(versions(after), result.checkpoint(), decision.eventCount(), false);
        })
        .recover(failure -> {
          if (failure instanceof StreamConflictException conflict) {
            observer.conflict();
            states.keySet().forEach(cache::invalidate);
            if (attempt >= config.maxAttempts()) {
              observer.exhausted();
              return Future.failedFuture(new ConflictsExhaustedException(attempt, conflict.getMessage()));
            }
            // The states lost only to newer events: read those, not the whole history again.
            return backoff(attempt).compose(waited -> refresh(states))
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
    // Before the fingerprint: another caller learns neither the result nor what the command was.
    if (!Repeats.mayRepeat(record.subject(), request.subject())) {
      throw CommandIdReusedException.byAnotherCaller(request.commandId());
    }
    if (!MessageDigest.isEqual(record.fingerprint(), request.fingerprint())) {
      throw new CommandIdReusedException(request.commandId(), record.commandType());
    }
    return new CommandOutcome(record.versions(), record.checkpoint(), 0, true);
  }

  /** A refusal, or an accepted no-op, recorded so that its repeats are no-ops too. */
  private Future<CommandOutcome> outcomeOf(CommandRequest request, Decision decision, Map<AccountId, Account> states) {
    if (decision instanceof Decision.Rejected rejected) {
      return Future.failedFuture(new RejectedException(rejected.rejection()));
    }
    Map<AccountId, Long> versions = versions(states);
    return store.recordNoOp(request.commandId(), request.fingerprint(), request.commandType(), versions,
            request.subject())
        .map(recorded -> new CommandOutcome(versions, Checkpoint.START, 0, false))
        .recover(failure -> failure instanceof DuplicateCommandException
            ? earlierResult(request).map(earlier -> earlier.orElseThrow())
            : Future.failedFuture(failure));
  }

  private static Map<AccountId, Long> versions(Map<AccountId, Account> states) {
    Map<AccountId, Long> versions = new LinkedHashMap<>();
    states.forEach((id, state) -> versions.put(id, state.version()));
    return versions;
  }

  /** From the newest snapshot and the events after it; takes a snapshot if one is due. */
  private Future<Account> load(AccountId id) {
    return loader.loadWithSnapshot(id).map(loaded -> {
      Account state = loaded.state();
      if (state.exists()) {
        cache.put(state);
        if (loaded.snapshotDue(config.snapshotEvery())) {
          saveSnapshot(state);
        }
      }
      return state;
    });
  }

  private Future<Map<AccountId, Account>> refresh(Map<AccountId, Account> states) {
    states.keySet().forEach(cache::invalidate);
    List<Future<Account>> refreshed = states.values().stream()
        .map(state -> loader.foldAfter(state, Long.MAX_VALUE)).toList();
    return Future.all(refreshed).map(done -> {
      Map<AccountId, Account> fresh = new LinkedHashMap<>();
      refreshed.forEach(f -> fresh.put(f.result().id(), f.result()));
      fresh.values().stream().filter(Account::exists).forEach(cache::put);
      return fresh;
    });
  }

  /** Crossing a multiple of the snapshot interval takes a snapshot, after the command has its answer. */
  private void snapshotIfDue(Account before, Account after) {
    int every = config.snapshotEvery();
    if (after.version() / every > before.version() / every) {
      saveSnapshot(after);
    }
  }

  private void saveSnapshot(Account state) {
    snapshots.save(state).onFailure(failure ->
        LOG.atDebug().addKeyValue(LogFields.ACCOUNT, state.id().value()).addKeyValue(LogFields.VERSION, state.version())
            .setCause(failure).log("Snapshot of {} at version {} not saved; the next one will be", state.id(),
                state.version()));
  }

  private Future<Void> backoff(int attempt) {
    long delay = 1 + ThreadLocalRandom.current().nextLong(2L * attempt);
    return vertx.timer(delay).mapEmpty();
  }
}

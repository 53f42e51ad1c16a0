package ledger.readmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import ledger.domain.AccountId;
import ledger.domain.BalanceDelta;
import ledger.readmodel.AccountView;
import ledger.readmodel.FeedMessage;
import ledger.readmodel.ViewFields;
import ledger.readmodel.ViewKeys;
import ledger.store.Checkpoint;
import ledger.store.EventCodec;
import ledger.store.Origin;
import ledger.store.RecordedEvent;
import ledger.store.UnreadableEvent;
import ledger.store.UnreadableEventException;
import ledger.store.pg.PgEventStore;

/**
 * Writes batches of events into the Redis views: one script call per account per batch,
 * all pipelined; then the checkpoint and the feed announcement together. Every write is
 * idempotent, so a batch can be replayed any number of times.
 */
public final class ViewWriter {

  /** The order in which apply.lua returns the view's fields. */
  private static final List<String> RETURNED_FIELDS = List.of(ViewFields.VERSION, ViewFields.BALANCE,
      ViewFields.CURRENCY, ViewFields.STATUS, ViewFields.OVERDRAFT_LIMIT, ViewFields.GLOBAL_POSITION,
      ViewFields.UPDATED_AT_MICROS);

  private static final int APPLIED = 1;
  private static final int GAP = -1;
  private static final int DEGRADED = -2;

  private final Redis redis;
  private final PgEventStore store;
  private final ViewKeys keys;
  private final ViewScripts scripts;
  private String applySha;
  private String checkpointSha;
  private String degradeSha;

  public ViewWriter(Redis redis, PgEventStore store, ViewKeys keys, ViewScripts scripts) {
    this.redis = redis;
    this.store = store;
    this.keys = keys;
    this.scripts = scripts;
  }

  public Future<Void> loadScripts() {
    return redis.batch(List.of(
            Request.cmd(Command.SCRIPT).arg("LOAD").arg(scripts.apply()),
            Request.cmd(Command.SCRIPT).arg("LOAD").arg(scripts.checkpoint()),
            Request.cmd(Command.SCRIPT).arg("LOAD").arg(scripts.degrade())))
        .map(shas -> {
          applySha = shas.get(0).toString();
          checkpointSha = shas.get(1).toString();
          degradeSha = shas.get(2).toString();
          return null;
        });
  }

  /** The checkpoint and its origin as Redis holds them. */
  public Future<StoredCheckpoint> stored() {
    return redis.send(Request.cmd(Command.MGET).arg(keys.checkpoint()).arg(keys.origin()))
        .map(values -> new StoredCheckpoint(text(values.get(0)), text(values.get(1))));
  }

  /** As {@link #apply(List, List)} for a batch whose every event was read. */
  public Future<List<FeedMessage.Change>> apply(List<RecordedEvent> batch) {
    return apply(batch, List.of()).map(Applied::changes);
  }

  /**
   * Applies the batch to the views; returns what to announce: each account after each event
   * this call applied, or, for an account whose view already reflected all of its events, the
   * view as it is (a state). Never a state the account did not have at that version. An
   * account with an event in {@code unreadable} gets its events before that one, then its view
   * is degraded: no later event of it is applied until a rebuild (see degrade.lua).
   */
  public Future<Applied> apply(List<RecordedEvent> batch, List<UnreadableEvent> unreadable) {
    return apply(batch, unreadable, true);
  }

  /**
   * As {@link #apply(List, List)}, for a generation nobody reads yet (a full rebuild): nothing is
   * to be announced, so no change is computed; the degraded accounts are reported all the same.
   */
  public Future<Applied> applyQuietly(List<RecordedEvent> batch, List<UnreadableEvent> unreadable) {
    return apply(batch, unreadable, false);
  }

  private Future<Applied> apply(List<RecordedEvent> batch, List<UnreadableEvent> unreadable, boolean announce) {
    Map<AccountId, UnreadableEvent> poisoned = new LinkedHashMap<>();
    Map<AccountId, Long> lastSeen = new HashMap<>();
    for (UnreadableEvent bad : unreadable) {
      poisoned.merge(bad.streamId(), bad, (a, b) -> a.version() <= b.version() ? a : b);
      lastSeen.merge(bad.streamId(), bad.version(), Math::max);
    }
    Map<AccountId, List<RecordedEvent>> byAccount = new LinkedHashMap<>();
    Map<AccountId, List<RecordedEvent>> held = new HashMap<>();
    for (RecordedEvent event : batch) {
      UnreadableEvent bad = poisoned.get(event.streamId());
      if (bad != null && event.version() > bad.version()) {
        lastSeen.merge(event.streamId(), event.version(), Math::max);
        held.computeIfAbsent(event.streamId(), id -> new ArrayList<>()).add(event);
      } else {
        byAccount.computeIfAbsent(event.streamId(), id -> new ArrayList<>()).add(event);
      }
    }
    List<Request> calls = new ArrayList<>(byAccount.size() + poisoned.size());
    byAccount.forEach((id, events) -> calls.add(applyCall(id, events, events.get(0).version())));
    poisoned.forEach((id, bad) -> calls.add(degradeCall(id, bad.version(), lastSeen.get(id),
        bad.eventType() + " v" + bad.schemaVersion() + ": " + bad.problem())));
    if (calls.isEmpty()) {
      return Future.succeededFuture(new Applied(List.of(), List.of()));
    }
    return withScripts(() -> redis.batch(calls)).compose(results -> {
      List<Future<List<FeedMessage.Change>>> perAccount = new ArrayList<>(byAccount.size());
      List<AccountId> degraded = new ArrayList<>();
      int i = 0;
      for (Map.Entry<AccountId, List<RecordedEvent>> entry : byAccount.entrySet()) {
        Response result = results.get(i++);
        if (result.get(0).toInteger() == DEGRADED) {
          degraded.add(entry.getKey());
        }
        perAccount.add(announce || result.get(0).toInteger() == GAP
            ? viewsOf(entry.getKey(), entry.getValue(), result, degraded) : Future.succeededFuture(List.of()));
      }
      for (AccountId id : poisoned.keySet()) {
        if (results.get(i++).toInteger() == 1) {
          degraded.add(id);
        } else if (held.containsKey(id)) {
          // The view is already past the unreadable event (rebuilt by a release that reads it):
          // the events after it apply as any others.
          List<RecordedEvent> after = held.get(id);
          perAccount.add(withScripts(() -> redis.send(applyCall(id, after, after.get(0).version())))
              .compose(result -> viewsOf(id, after, result, degraded)));
        }
      }
      return Future.all(perAccount)
          .compose(done -> degraded.isEmpty() ? Future.succeededFuture() : index(degraded))
          .map(done -> {
            List<FeedMessage.Change> views = new ArrayList<>(batch.size());
            perAccount.forEach(f -> views.addAll(f.result()));
            return new Applied(views, degraded.stream().distinct().toList());
          });
    });
  }

  private Request degradeCall(AccountId id, long version, long lastHeld, String why) {
    return Request.cmd(Command.EVALSHA).arg(degradeSha).arg(1).arg(keys.account(id)).arg(version).arg(lastHeld)
        .arg(why);
  }

  /** What a batch did to the views: the changes to announce, and the accounts found or left degraded. */
  public record Applied(List<FeedMessage.Change> changes, List<AccountId> degraded) {
  }

  private Future<Response> index(List<AccountId> degraded) {
    Request add = Request.cmd(Command.SADD).arg(keys.degraded());
    degraded.forEach(id -> add.arg(id.value()));
    return redis.send(add);
  }

  /**
   * Moves the checkpoint from {@code expected} to {@code next} and, only if it moved,
   * announces the views. Nothing moves unless the checkpoint belongs to {@code origin} (or to
   * none yet). Returns what was stored before.
   */
  public Future<StoredCheckpoint> commit(Origin origin, String expected, Checkpoint next,
                                         List<FeedMessage.Change> changes) {
    return commit(origin, expected, next, new Applied(changes, List.of()));
  }

  /**
   * As {@link #commit(Origin, String, Checkpoint, List)}, announcing the degraded accounts too; the
   * announcement names this writer's generation, so readers that follow another one ignore it.
   */
  public Future<StoredCheckpoint> commit(Origin origin, String expected, Checkpoint next, Applied applied) {
    return checkpoint(origin, expected, next.encode(),
        new FeedMessage(next, applied.changes(), applied.degraded()).appliedTo(keys.generation()).encode());
  }

  /** As {@link #commit(Origin, String, Checkpoint, List)}, announcing nothing: a generation nobody reads yet. */
  public Future<StoredCheckpoint> commitQuietly(Origin origin, String expected, Checkpoint next) {
    return checkpoint(origin, expected, next.encode(), "");
  }

  public ViewKeys keys() {
    return keys;
  }

  /**
   * Checks, in the same atomic step as a move, that Redis still holds {@code expected} for
   * {@code origin}; moves nothing and announces nothing. Returns what is stored.
   */
  public Future<StoredCheckpoint> confirm(Origin origin, String expected) {
    return checkpoint(origin, expected, expected, "");
  }

  private Future<StoredCheckpoint> checkpoint(Origin origin, String expected, String next, String announcement) {
    Request cas = Request.cmd(Command.EVALSHA).arg(checkpointSha).arg(2).arg(keys.checkpoint()).arg(keys.origin())
        .arg(expected).arg(next).arg(keys.feedChannel()).arg(announcement).arg(origin.encode());
    return withScripts(() -> redis.send(cas))
        .map(found -> new StoredCheckpoint(text(found.get(0)), text(found.get(1))));
  }

  private static String text(Response value) {
    return value == null ? "" : value.toString();
  }

  private Future<List<FeedMessage.Change>> viewsOf(AccountId id, List<RecordedEvent> events, Response result,
                                                   List<AccountId> degraded) {
    int status = result.get(0).toInteger();
    Map<String, String> hash = fields(result);
    if (status == APPLIED) {
      // The view may already reflect the first of these events (a writer wrote them and died,
      // or lost its lock, before its checkpoint). Laid over its later state they would show
      // states that never existed, and they were applied by that run, not this one: announce
      // only the events after the view's version, each on top of the true state before it.
      long from = Long.parseLong(hash.getOrDefault(ViewFields.VERSION, "0"));
      List<RecordedEvent> applied = events.stream().filter(event -> event.version() > from).toList();
      return Future.succeededFuture(viewsAfterEach(id, hash, applied));
    }
    if (status == GAP) {
      return repair(id, events, degraded);
    }
    if (status == DEGRADED) {
      return Future.succeededFuture(List.of());
    }
    AccountView current = AccountView.fromFields(id, hash);
    return Future.succeededFuture(current == null ? List.of() : List.of(FeedMessage.Change.state(current)));
  }

  /**
   * The view lost versions before this batch: rebuild the account from its whole stream. The
   * batch's events are announced as the stream folds them, true whatever the rewrite found.
   */
  private Future<List<FeedMessage.Change>> repair(AccountId id, List<RecordedEvent> events,
                                                  List<AccountId> degraded) {
    long first = events.get(0).version();
    long last = events.get(events.size() - 1).version();
    return store.readStream(id, 1, (int) last).compose(stream -> {
      List<RecordedEvent> earlier = stream.stream().filter(e -> e.version() < first).toList();
      Request rewrite = applyCall(id, stream, 1);
      return withScripts(() -> redis.send(rewrite))
          .map(done -> viewsAfterEach(id, ViewChanges.merged(earlier), events));
    }).recover(failure -> {
      if (!(failure instanceof UnreadableEventException unreadable)) {
        return Future.failedFuture(failure);
      }
      // An earlier event of the account cannot be read (its degraded mark went with the lost
      // view): degrade it again rather than fail every batch from here on.
      return withScripts(() -> redis.send(degradeCall(id, unreadable.version(), last, unreadable.getMessage())))
          .map(marked -> {
            if (marked.toInteger() == 1) {
              degraded.add(id);
            }
            return List.<FeedMessage.Change>of();
          });
    });
  }

  private Request applyCall(AccountId id, List<RecordedEvent> events, long firstVersion) {
    Request call = Request.cmd(Command.EVALSHA).arg(applySha).arg(1).arg(keys.account(id))
        .arg(firstVersion).arg(events.get(events.size() - 1).version());
    ViewChanges.merged(events).forEach((field, value) -> call.arg(field).arg(value));
    return call;
  }

  private static List<FeedMessage.Change> viewsAfterEach(AccountId id, Map<String, String> before,
                                                         List<RecordedEvent> events) {
    Map<String, String> state = new HashMap<>(before);
    List<FeedMessage.Change> changes = new ArrayList<>(events.size());
    for (RecordedEvent event : events) {
      state.putAll(ViewChanges.of(event));
      AccountView view = AccountView.fromFields(id, state);
      if (view != null) {
        changes.add(new FeedMessage.Change(view, EventCodec.typeOf(event.event()),
            BalanceDelta.of(event.event())));
      }
    }
    return changes;
  }

  /** The view's fields as apply.lua returns them: values in {@link #RETURNED_FIELDS} order, nil where absent. */
  private static Map<String, String> fields(Response result) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < RETURNED_FIELDS.size() && i + 1 < result.size(); i++) {
      Response value = result.get(i + 1);
      if (value != null) {
        fields.put(RETURNED_FIELDS.get(i), value.toString());
      }
    }
    return fields;
  }

  /**
   * Runs a call that uses the scripts, loading them again if Redis forgot them (restart, SCRIPT FLUSH).
   * A batch's failure names each failed command ("ERR [0] NOSCRIPT ..."), a single call's starts with the code.
   */
  private <T> Future<T> withScripts(java.util.function.Supplier<Future<T>> call) {
    return call.get().recover(failure -> {
      if (failure.getMessage() != null && failure.getMessage().contains("NOSCRIPT")) {
        return loadScripts().compose(loaded -> call.get());
      }
      return Future.failedFuture(failure);
    });
  }
}

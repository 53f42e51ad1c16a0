package ledger.readmodel;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.store.Checkpoint;

/**
 * What the projection publishes after each batch: the state of an account after every
 * event it applied, in stream order, with the event that made it, and the checkpoint the
 * views now cover. Token waiters and balance streams wake on it; JSON so that
 * {@code redis-cli subscribe} reads it. {@code degraded} names the accounts this batch found or
 * left degraded: their reads and waits answer VIEW_DEGRADED instead of waiting for versions
 * the projection holds back. {@code generation} is the view generation the batch was applied to
 * (for a switch, the one made live): a reader follows only its own generation's batches, since a
 * writer that has not yet noticed a switch may still announce the old one's (docs/storage.md,
 * "Rebuilding every view").
 */
public record FeedMessage(Checkpoint checkpoint, List<Change> changes, List<AccountId> degraded, long switchedTo,
                          long generation) {

  /**
   * One account after one event. {@code eventType} is empty when the entry is a state
   * rather than a change (an account the batch found already applied): consumers that
   * need every change read the missing ones from the event store.
   */
  public record Change(AccountView view, String eventType, long deltaMinor) {

    public static Change state(AccountView view) {
      return new Change(view, "", 0);
    }

    public boolean isState() {
      return eventType.isEmpty();
    }
  }

  /**
   * Announced when the views were forgotten because they came from another database (see
   * docs/storage.md, "Origin"): every view held in memory is wrong. No batch announces it,
   * since a batch is never empty and never at the start.
   */
  public static final FeedMessage FORGOTTEN = new FeedMessage(Checkpoint.START, List.of());

  public FeedMessage {
    changes = List.copyOf(changes);
    degraded = List.copyOf(degraded);
    if (switchedTo > 0 && generation != switchedTo) {
      throw new IllegalArgumentException("a switch to " + switchedTo + " is of that generation, not " + generation);
    }
  }

  /** A batch of generation 0. */
  public FeedMessage(Checkpoint checkpoint, List<Change> changes, List<AccountId> degraded) {
    this(checkpoint, changes, degraded, 0, 0);
  }

  /** This batch, applied to generation {@code number}. */
  public FeedMessage appliedTo(long number) {
    if (isSwitch()) {
      throw new IllegalStateException("a switch names its generation itself");
    }
    return new FeedMessage(checkpoint, changes, degraded, 0, number);
  }

  /**
   * Announced when a full rebuild made generation {@code generation} the live one, its views
   * covering {@code checkpoint}: readers read that generation's keys from now on. Encoded as
   * an empty batch plus a {@code "generation"} field, so a reader that predates generations
   * takes it for an empty batch at a point the views do cover.
   */
  public static FeedMessage switched(Checkpoint checkpoint, long generation) {
    if (generation < 1) {
      throw new IllegalArgumentException("a switch is to generation 1 or later, not " + generation);
    }
    return new FeedMessage(checkpoint, List.of(), List.of(), generation, generation);
  }

  /** True when this announces a switch of the live generation (to {@link #switchedTo()}). */
  public boolean isSwitch() {
    return switchedTo > 0;
  }

  public FeedMessage(Checkpoint checkpoint, List<Change> changes) {
    this(checkpoint, changes, List.of());
  }

  /** True for {@link #FORGOTTEN}: drop every view held in memory. */
  public boolean viewsForgotten() {
    return checkpoint.equals(Checkpoint.START) && changes.isEmpty() && degraded.isEmpty() && !isSwitch();
  }

  /** A message of states only. */
  public static FeedMessage ofStates(Checkpoint checkpoint, List<AccountView> views) {
    return new FeedMessage(checkpoint, views.stream().map(Change::state).toList());
  }

  public List<AccountView> views() {
    return changes.stream().map(Change::view).toList();
  }

  /**
   * Compact JSON, written by hand because the projection publishes one per batch on the
   * hot path: {@code {"checkpoint":"t:p","changes":[[account, balance, currency, status,
   * overdraft, version, position, updated_us, event_type, delta], ...]}}, and
   * {@code "degraded":[account, ...]} when there are any; {@code "batch_generation":n} for a
   * batch of generation n ≥ 1 (absent means 0, as every batch before generations), or
   * {@code "generation":n} for a switch to n. Every string in
   * it is an id, a code or a name from a fixed character set, so nothing needs escaping.
   */
  public String encode() {
    StringBuilder json = new StringBuilder(64 + changes.size() * 120);
    json.append("{\"checkpoint\":\"").append(checkpoint.encode()).append("\",\"changes\":[");
    for (int i = 0; i < changes.size(); i++) {
      Change change = changes.get(i);
      AccountView view = change.view();
      if (i > 0) {
        json.append(',');
      }
      json.append("[\"").append(view.accountId().value()).append("\",")
          .append(view.balanceMinor()).append(",\"")
          .append(view.currency()).append("\",\"")
          .append(view.status().name()).append("\",")
          .append(view.overdraftLimitMinor()).append(',')
          .append(view.version()).append(',')
          .append(view.globalPosition()).append(',')
          .append(AccountView.toMicros(view.updatedAt())).append(",\"")
          .append(change.eventType()).append("\",")
          .append(change.deltaMinor()).append(']');
    }
    json.append(']');
    if (!degraded.isEmpty()) {
      json.append(",\"degraded\":[");
      for (int i = 0; i < degraded.size(); i++) {
        json.append(i > 0 ? ",\"" : "\"").append(degraded.get(i).value()).append('"');
      }
      json.append(']');
    }
    if (isSwitch()) {
      json.append(",\"generation\":").append(switchedTo);
    } else if (generation > 0) {
      json.append(",\"batch_generation\":").append(generation);
    }
    return json.append('}').toString();
  }

  public static FeedMessage decode(String text) {
    JsonObject json = new JsonObject(text);
    JsonArray array = json.getJsonArray("changes");
    List<Change> changes = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonArray entry = array.getJsonArray(i);
      AccountView view = new AccountView(AccountId.of(entry.getString(0)), entry.getLong(1), entry.getString(2),
          AccountStatus.valueOf(entry.getString(3)), entry.getLong(4), entry.getLong(5), entry.getLong(6),
          AccountView.fromMicros(entry.getLong(7)));
      changes.add(new Change(view, entry.getString(8), entry.getLong(9)));
    }
    JsonArray marked = json.getJsonArray("degraded", new JsonArray());
    List<AccountId> degraded = new ArrayList<>(marked.size());
    for (int i = 0; i < marked.size(); i++) {
      degraded.add(AccountId.of(marked.getString(i)));
    }
    long switchedTo = json.getLong("generation", 0L);
    return new FeedMessage(Checkpoint.parse(json.getString("checkpoint")), changes, degraded, switchedTo,
        switchedTo > 0 ? switchedTo : json.getLong("batch_generation", 0L));
  }
}

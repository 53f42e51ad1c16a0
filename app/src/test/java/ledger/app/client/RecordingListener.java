package ledger.app.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ledger.client.BalanceListener;
import ledger.client.Ending;
import ledger.v1.BalanceUpdate;
import ledger.v1.StreamBalanceRequest;

/**
 * Keeps everything a {@link ledger.client.BalanceWatch} told it, in order, so that a test can see
 * that no version was missed or repeated across the resumes and how each resume was asked.
 */
public final class RecordingListener implements BalanceListener {

  /** One thing the watch said: an update, a disconnect or a resume. */
  public record Heard(BalanceUpdate update, Ending disconnect, int attempt, StreamBalanceRequest resume) {
  }

  private final List<Heard> heard = new CopyOnWriteArrayList<>();
  private volatile Ending error;

  @Override
  public void onUpdate(BalanceUpdate update) {
    heard.add(new Heard(update, null, 0, null));
  }

  @Override
  public void onDisconnected(int attempt, Ending ending, Duration retryIn) {
    heard.add(new Heard(null, ending, attempt, null));
  }

  @Override
  public void onResumed(int attempt, StreamBalanceRequest request) {
    heard.add(new Heard(null, null, attempt, request));
  }

  @Override
  public void onError(Ending ending) {
    error = ending;
  }

  public List<Heard> heard() {
    return List.copyOf(heard);
  }

  public List<BalanceUpdate> updates() {
    return heard.stream().filter(h -> h.update() != null).map(Heard::update).toList();
  }

  public List<Long> versions() {
    return updates().stream().map(u -> u.getBalance().getVersion()).toList();
  }

  public long lastVersion() {
    List<Long> versions = versions();
    return versions.isEmpty() ? -1 : versions.get(versions.size() - 1);
  }

  public List<Ending> disconnects() {
    return heard.stream().filter(h -> h.disconnect() != null).map(Heard::disconnect).toList();
  }

  public List<StreamBalanceRequest> resumes() {
    return heard.stream().filter(h -> h.resume() != null).map(Heard::resume).toList();
  }

  /** How the calls ended before each resume ("UNAVAILABLE SHUTTING_DOWN": 1, ...). */
  public Map<String, Integer> endings() {
    Map<String, Integer> endings = new TreeMap<>();
    disconnects().forEach(e -> endings.merge(e.status().getCode() + (e.reason() == null ? "" : " " + e.reason()),
        1, Integer::sum));
    return endings;
  }

  /** Updates received since the last resume (since the start before the first). */
  public int updatesSinceLastResume() {
    List<Heard> all = heard();
    int count = 0;
    for (int i = all.size() - 1; i >= 0 && all.get(i).resume() == null; i--) {
      count += all.get(i).update() != null ? 1 : 0;
    }
    return count;
  }

  /** The terminal error, or null while the watch runs or after a close. */
  public Ending error() {
    return error;
  }

  /**
   * Each resume's from_version next to the last version received before it, which it must
   * follow by one: [[from_version, last + 1], ...]; a resume before anything came is left out.
   */
  public List<List<Long>> resumedFromAgainstLastSeen() {
    List<List<Long>> pairs = new ArrayList<>();
    long last = -1;
    for (Heard h : heard()) {
      if (h.update() != null) {
        last = h.update().getBalance().getVersion();
      } else if (h.resume() != null && last >= 0) {
        pairs.add(List.of(h.resume().hasFromVersion() ? h.resume().getFromVersion() : -1, last + 1));
      }
    }
    return pairs;
  }
}

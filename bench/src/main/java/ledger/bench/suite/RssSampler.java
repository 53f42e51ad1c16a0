package ledger.bench.suite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Samples a process's resident set size once a second on a daemon thread, keeping the
 * largest value overall and per phase of the suite (the phase is whatever {@link #phase}
 * last named).
 */
final class RssSampler implements AutoCloseable {

  private final Thread thread;
  private final Map<String, Long> maxKbByPhase = new LinkedHashMap<>();
  private volatile long pid;
  private volatile String phase = "start";
  private long maxKb;
  private String maxPhase = "";
  private long samples;

  RssSampler() {
    thread = new Thread(this::loop, "rss-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Follows this process from now on (a restarted service is a new one); 0 for none. */
  void follow(long pid) {
    this.pid = pid;
  }

  void phase(String name) {
    phase = name;
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      sample();
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  synchronized void sample() {
    long p = pid;
    if (p == 0) {
      return;
    }
    OptionalLong kb = Proc.rssKb(p);
    if (kb.isEmpty()) {
      return;
    }
    samples++;
    String at = phase;
    maxKbByPhase.merge(at, kb.getAsLong(), Math::max);
    if (kb.getAsLong() > maxKb) {
      maxKb = kb.getAsLong();
      maxPhase = at;
    }
  }

  synchronized long maxKb() {
    return maxKb;
  }

  synchronized String maxPhase() {
    return maxPhase;
  }

  synchronized long samples() {
    return samples;
  }

  synchronized Map<String, Long> maxKbByPhase() {
    return new LinkedHashMap<>(maxKbByPhase);
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}

package ledger.app;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import ledger.v1.CommandResult;

/**
 * What the bank's clients were told, from every client thread at once: each acknowledged
 * transfer, each outcome, the reads that answered and the ones that were stale, and
 * anything a client did not expect.
 */
final class BankTally {

  /** A transfer the ledger acknowledged, and what it answered. */
  record Acked(String from, String to, long amountMinor, CommandResult result) {
  }

  private final Map<String, Acked> acked = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final LongAdder goodReads = new LongAdder();
  private final ConcurrentLinkedQueue<String> staleReads = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> surprises = new ConcurrentLinkedQueue<>();
  private final Map<String, LongAdder> degradedReads = new ConcurrentHashMap<>();

  void acked(String commandId, Acked transfer) {
    if (acked.putIfAbsent(commandId, transfer) != null) {
      surprise("acknowledged twice: " + commandId);
    }
    count("OK" + (transfer.result().getDeduplicated() ? " (deduplicated on a retry)" : ""));
  }

  void count(String outcome) {
    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  void goodRead() {
    goodReads.increment();
  }

  void stale(String what) {
    staleReads.add(what);
  }

  void degraded(String account) {
    degradedReads.computeIfAbsent(account, k -> new LongAdder()).increment();
  }

  void surprise(String what) {
    if (surprises.size() < 50) {
      surprises.add(what);
    }
  }

  long ackedCount() {
    return acked.size();
  }

  long goodReads() {
    return goodReads.sum();
  }

  Map<String, Acked> acked() {
    return new TreeMap<>(acked);
  }

  Map<String, Long> outcomes() {
    return sums(outcomes);
  }

  /** VIEW_DEGRADED answers per account. */
  Map<String, Long> degradedReads() {
    return sums(degradedReads);
  }

  List<String> staleReads() {
    return List.copyOf(staleReads);
  }

  List<String> surprises() {
    return List.copyOf(surprises);
  }

  private static Map<String, Long> sums(Map<String, LongAdder> counts) {
    Map<String, Long> sums = new TreeMap<>();
    counts.forEach((key, count) -> sums.put(key, count.sum()));
    return sums;
  }
}

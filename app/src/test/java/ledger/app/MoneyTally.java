package ledger.app;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import ledger.app.MoneyOperation.Deposit;
import ledger.app.MoneyOperation.Transfer;
import ledger.app.MoneyOperation.Withdraw;
import ledger.v1.CommandResult;
import ledger.v1.StreamVersion;

/**
 * What the clients were told, from every thread at once: each outcome, the money of every
 * ACCEPTED command (per account and in total), and for each account the token of the write
 * that took it to its highest version.
 */
final class MoneyTally {

  static final String OK = "OK";
  static final String INSUFFICIENT_FUNDS = "FAILED_PRECONDITION/INSUFFICIENT_FUNDS";
  static final String CONCURRENCY_CONFLICT = "ABORTED/CONCURRENCY_CONFLICT";

  /** The newest write seen for one account. */
  record Written(long version, String token) {
  }

  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> balances = new ConcurrentHashMap<>();
  private final Map<String, Written> latest = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> acceptedByKind = new ConcurrentHashMap<>();
  private final AtomicLong depositedMinor = new AtomicLong();
  private final AtomicLong withdrawnMinor = new AtomicLong();
  private final ConcurrentLinkedQueue<String> surprises = new ConcurrentLinkedQueue<>();

  void opened(String account, CommandResult result) {
    balances.putIfAbsent(account, new AtomicLong());
    count("AccountOpened");
    written(result);
  }

  void accepted(MoneyOperation operation, CommandResult result) {
    outcomes.computeIfAbsent(OK, k -> new LongAdder()).increment();
    int expectedEvents = operation instanceof Transfer ? 2 : 1;
    if (result.getDeduplicated() || result.getEventsAppended() != expectedEvents) {
      surprises.add(operation + " answered " + result);
    }
    if (operation instanceof Deposit deposit) {
      depositedMinor.addAndGet(deposit.amountMinor());
      move(deposit.account(), deposit.amountMinor());
    } else if (operation instanceof Withdraw withdraw) {
      withdrawnMinor.addAndGet(withdraw.amountMinor());
      move(withdraw.account(), -withdraw.amountMinor());
    } else if (operation instanceof Transfer transfer) {
      move(transfer.from(), -transfer.amountMinor());
      move(transfer.to(), transfer.amountMinor());
    }
    count(operation.getClass().getSimpleName());
    written(result);
  }

  /** A call that ended with another status: {@code code/reason}, e.g. FAILED_PRECONDITION/INSUFFICIENT_FUNDS. */
  void failed(MoneyOperation operation, String code, String reason, String message) {
    String outcome = code + "/" + reason;
    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    boolean allowed = outcome.equals(INSUFFICIENT_FUNDS) || outcome.equals(CONCURRENCY_CONFLICT);
    if (!allowed && surprises.size() < 50) {
      surprises.add(operation + " ended " + outcome + ": " + message);
    }
  }

  Map<String, Long> outcomes() {
    Map<String, Long> counts = new TreeMap<>();
    outcomes.forEach((outcome, count) -> counts.put(outcome, count.sum()));
    return counts;
  }

  /** Accepted commands per kind: AccountOpened, Deposit, Withdraw, Transfer. */
  long accepted(String kind) {
    LongAdder count = acceptedByKind.get(kind);
    return count == null ? 0 : count.sum();
  }

  long depositedMinor() {
    return depositedMinor.get();
  }

  long withdrawnMinor() {
    return withdrawnMinor.get();
  }

  /** Each account's balance if exactly the accepted commands moved money, whatever their order. */
  Map<String, Long> expectedBalances() {
    Map<String, Long> expected = new TreeMap<>();
    balances.forEach((account, balance) -> expected.put(account, balance.get()));
    return expected;
  }

  Map<String, Written> latestWrites() {
    return new TreeMap<>(latest);
  }

  /** Calls that ended in a way the invariants do not allow, or answered oddly; at most 50 kept. */
  List<String> surprises() {
    return List.copyOf(surprises);
  }

  private void move(String account, long deltaMinor) {
    balances.computeIfAbsent(account, k -> new AtomicLong()).addAndGet(deltaMinor);
  }

  private void count(String kind) {
    acceptedByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  private void written(CommandResult result) {
    for (StreamVersion version : result.getVersionsList()) {
      latest.merge(version.getAccountId(), new Written(version.getVersion(), result.getConsistencyToken()),
          (old, now) -> now.version() > old.version() ? now : old);
    }
  }
}

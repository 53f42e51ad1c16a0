package ledger.bench.ceiling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import ledger.grpc.StreamSink;
import ledger.v1.Balance;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.StreamVersion;

/**
 * The stream ceiling's whole "ledger", in memory and shared by every endpoint of the ceiling
 * server: per account a version counter and the StreamBalance calls open on it. A Deposit
 * counts the account's next version and hands one BalanceUpdate (the constant Balance with
 * that account, version and amount) to each of its open streams, each on its own event loop;
 * nothing is stored, nothing is read back, nothing is validated. The same stream-lag runner
 * against this and against the ledger gives the delivery the machine's gRPC transport allows
 * (the fan-out included) beside the ledger's.
 *
 * <p>Order: a deposit counts its version and queues its messages under the account's lock, and
 * a stream is registered and sent its first message under the same lock on its own event loop,
 * so every stream sees its account's versions once each, in order, after its first message.
 */
final class CeilingStreams {

  static final String TOKEN = "ceiling";

  private final ConcurrentHashMap<String, Account> accounts = new ConcurrentHashMap<>();
  private final AtomicLong positions = new AtomicLong();

  /** OpenAccount: the account at version 1 (again, if it was there: nothing is checked). */
  Future<CommandResult> open(String accountId) {
    Account account = account(accountId);
    synchronized (account) {
      return Future.succeededFuture(result(accountId, account.version));
    }
  }

  /** Deposit: the next version, sent to every stream open on the account before the answer. */
  Future<CommandResult> deposit(String accountId, long amountMinor) {
    Account account = account(accountId);
    synchronized (account) {
      long version = ++account.version;
      account.balance += amountMinor;
      if (!account.streams.isEmpty()) {
        BalanceUpdate update = BalanceUpdate.newBuilder()
            .setBalance(balance(accountId, account.version, account.balance))
            .setEventType("MoneyDeposited")
            .setDeltaMinor(amountMinor)
            .build();
        for (StreamSink<BalanceUpdate> sink : account.streams) {
          sink.context().runOnContext(v -> sink.write(update));
        }
      }
      return Future.succeededFuture(result(accountId, version));
    }
  }

  /** StreamBalance, on the call's event loop: the current state first, then every deposit; open until cancelled. */
  void stream(String accountId, StreamSink<BalanceUpdate> sink) {
    Account account = account(accountId);
    sink.onClose(() -> {
      synchronized (account) {
        account.streams.remove(sink);
      }
    });
    synchronized (account) {
      if (sink.write(BalanceUpdate.newBuilder().setBalance(balance(accountId, account.version, account.balance))
          .build())) {
        account.streams.add(sink);
      }
    }
  }

  /** Streams open now, over every account. */
  int openStreams() {
    int n = 0;
    for (Account account : accounts.values()) {
      synchronized (account) {
        n += account.streams.size();
      }
    }
    return n;
  }

  private Account account(String id) {
    return accounts.computeIfAbsent(id, k -> new Account());
  }

  private CommandResult result(String accountId, long version) {
    return CommandResult.newBuilder()
        .setConsistencyToken(TOKEN)
        .setGlobalPosition(positions.incrementAndGet())
        .addVersions(StreamVersion.newBuilder().setAccountId(accountId).setVersion(version))
        .setEventsAppended(1)
        .build();
  }

  private static Balance balance(String accountId, long version, long balanceMinor) {
    return CeilingEndpoint.BALANCE.toBuilder().setAccountId(accountId).setVersion(version)
        .setBalanceMinor(balanceMinor).build();
  }

  private static final class Account {
    long version = 1;
    long balance;
    final List<StreamSink<BalanceUpdate>> streams = new ArrayList<>();
  }
}

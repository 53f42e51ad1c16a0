package ledger.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import ledger.v1.DepositRequest;
import ledger.v1.TransferRequest;
import ledger.v1.WithdrawRequest;

/** One money-moving command of a workload, with the request either kind of client sends for it. */
sealed interface MoneyOperation {

  String CURRENCY = "USD";
  /** A share of the picks goes to a few hot accounts, so clients queue on the same streams. */
  int HOT_ACCOUNTS = 5;
  double HOT_SHARE = 0.3;

  String commandId();

  record Deposit(String commandId, String account, long amountMinor) implements MoneyOperation {
    DepositRequest request() {
      return DepositRequest.newBuilder().setCommandId(commandId).setAccountId(account).setAmountMinor(amountMinor)
          .setCurrency(CURRENCY).setReference(commandId).build();
    }
  }

  record Withdraw(String commandId, String account, long amountMinor) implements MoneyOperation {
    WithdrawRequest request() {
      return WithdrawRequest.newBuilder().setCommandId(commandId).setAccountId(account).setAmountMinor(amountMinor)
          .setCurrency(CURRENCY).setReference(commandId).build();
    }
  }

  record Transfer(String commandId, String from, String to, long amountMinor) implements MoneyOperation {
    TransferRequest request() {
      return TransferRequest.newBuilder().setCommandId(commandId).setFromAccountId(from).setToAccountId(to)
          .setAmountMinor(amountMinor).setCurrency(CURRENCY).setReference(commandId).build();
    }
  }

  /** Transfers, deposits and withdrawals among {@code accounts}, in random order. */
  static List<MoneyOperation> plan(Random random, List<String> accounts, int transfers, int deposits,
                                   int withdrawals) {
    List<MoneyOperation> plan = new ArrayList<>();
    for (int i = 0; i < transfers; i++) {
      String from = pick(random, accounts);
      String to = pick(random, accounts);
      while (to.equals(from)) {
        to = pick(random, accounts);
      }
      plan.add(new Transfer("tr-" + i, from, to, 1 + random.nextInt(5_000)));
    }
    for (int i = 0; i < deposits; i++) {
      plan.add(new Deposit("dep-" + i, pick(random, accounts), 1 + random.nextInt(10_000)));
    }
    for (int i = 0; i < withdrawals; i++) {
      plan.add(new Withdraw("wd-" + i, pick(random, accounts), 1 + random.nextInt(8_000)));
    }
    Collections.shuffle(plan, random);
    return plan;
  }

  private static String pick(Random random, List<String> accounts) {
    int bound = random.nextDouble() < HOT_SHARE ? Math.min(HOT_ACCOUNTS, accounts.size()) : accounts.size();
    return accounts.get(random.nextInt(bound));
  }
}

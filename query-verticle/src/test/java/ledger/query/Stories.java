package ledger.query;

/** Account histories the store-backed query tests share, written through a {@link StoreWriter}. */
final class Stories {

  private Stories() {
  }

  /**
   * Ten events of {@code account}, one of every type, each its own command; {@code peer} is
   * opened and funded first as the other side of the transfers. Balances after each version:
   * 0, 10000, 7500, 6500, 6800, 6800 (frozen), 6800, -200 (overdraft), 0, 0 (closed).
   */
  static void everyEventType(StoreWriter writer, String account, String peer) {
    writer.open(peer, "USD", 0);
    writer.deposit(peer, 5_000, "seed");
    writer.open(account, "USD", 500);
    writer.deposit(account, 10_000, "salary");
    writer.withdraw(account, 2_500, "rent");
    writer.transfer(account, peer, 1_000, "gift");
    writer.transfer(peer, account, 300, "refund");
    writer.freeze(account, "audit");
    writer.unfreeze(account, "cleared");
    writer.withdraw(account, 7_000, "cash");
    writer.deposit(account, 200, "top up");
    writer.close(account);
  }

  /**
   * Twenty-five events of an EUR account: deposits, withdrawals, transfers both ways with
   * {@code peer}, a freeze at version 10 lifted at 11, another freeze at 20 lifted at 21,
   * so that snapshots at 10 and 20 capture a frozen account.
   */
  static void busyAccount(StoreWriter writer, String account, String peer) {
    writer.open(peer, "EUR", 0);
    writer.deposit(peer, 100_000, "seed");
    writer.open(account, "EUR", 1_000);                  // 1
    writer.deposit(account, 5_000, "d1");                 // 2
    writer.withdraw(account, 1_200, "w1");                // 3
    writer.transfer(account, peer, 800, "t-out-1");       // 4
    writer.transfer(peer, account, 2_500, "t-in-1");      // 5
    writer.deposit(account, 333, "d2");                   // 6
    writer.withdraw(account, 6_000, "w2");                // 7: -167, inside the overdraft
    writer.deposit(account, 1_167, "d3");                 // 8
    writer.transfer(peer, account, 4_000, "t-in-2");      // 9
    writer.freeze(account, "kyc review");                // 10
    writer.unfreeze(account, "kyc done");                 // 11
    writer.withdraw(account, 900, "w3");                  // 12
    writer.transfer(account, peer, 1_100, "t-out-2");     // 13
    writer.deposit(account, 42, "d4");                    // 14
    writer.deposit(account, 58, "d5");                    // 15
    writer.withdraw(account, 2_000, "w4");                // 16
    writer.transfer(peer, account, 700, "t-in-3");        // 17
    writer.transfer(account, peer, 2_500, "t-out-3");     // 18: -700
    writer.deposit(account, 10_000, "d6");                // 19
    writer.freeze(account, "fraud alert");               // 20
    writer.unfreeze(account, "false alarm");              // 21
    writer.withdraw(account, 4_321, "w5");                // 22
    writer.transfer(account, peer, 1_234, "t-out-4");     // 23
    writer.deposit(account, 99, "d7");                    // 24
    writer.transfer(peer, account, 1, "t-in-4");          // 25
  }
}

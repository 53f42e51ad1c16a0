package ledger.app.client;

import java.io.PrintStream;
import java.time.Duration;

import ledger.client.AccountBalance;
import ledger.client.InsufficientFundsException;
import ledger.client.LedgerClient;
import ledger.client.LedgerSession;

/**
 * The example of client/README.md, compiled and run against a real ledger by {@link ClientExampleIT}, which
 * also checks that the README shows exactly the code between the markers.
 */
final class ClientExample {

  private ClientExample() {
  }

  static void run(String target, PrintStream out) {
    // README:begin
    try (LedgerClient ledger = LedgerClient.builder()
        .target(target)                       // "localhost:9090", or "dns:///ledger-command.ns.svc:9090"
        .deadline(Duration.ofSeconds(5))      // each attempt's deadline (default 10 s)
        .build()) {
      LedgerSession session = ledger.newSession();
      session.openAccount("alice", "EUR");
      session.deposit("alice", 12_50, "EUR"); // 12.50 EUR in cents; retried safely with one command_id

      AccountBalance balance = session.getBalance("alice"); // carries the deposit's token: read-your-writes
      out.println("alice has " + balance.balanceMinor() + " " + balance.currency());

      try {
        session.withdraw("alice", 100_00, "EUR");
      } catch (InsufficientFundsException refused) {
        out.println("refused: " + refused.availableMinor() + " available, " + refused.requestedMinor() + " asked");
      }

      String handOver = session.export();     // e.g. in an HTTP header to the next service, which does:
      LedgerSession there = ledger.resumeSession(handOver);
      out.println("the next service sees " + there.getBalance("alice").balanceMinor());
    }
    // README:end
  }
}

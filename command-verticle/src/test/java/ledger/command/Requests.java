package ledger.command;

import ledger.v1.DepositRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.WithdrawRequest;

/** Request builders, so a test line says only what matters to it. */
final class Requests {

  static final String REFERENCE = "integration test";

  private Requests() {
  }

  static OpenAccountRequest open(String commandId, String account, String currency, long overdraftLimitMinor) {
    return OpenAccountRequest.newBuilder()
        .setCommandId(commandId)
        .setAccountId(account)
        .setCurrency(currency)
        .setOverdraftLimitMinor(overdraftLimitMinor)
        .build();
  }

  static DepositRequest deposit(String commandId, String account, long amountMinor, String currency) {
    return DepositRequest.newBuilder()
        .setCommandId(commandId)
        .setAccountId(account)
        .setAmountMinor(amountMinor)
        .setCurrency(currency)
        .setReference(REFERENCE)
        .build();
  }

  static WithdrawRequest withdraw(String commandId, String account, long amountMinor, String currency) {
    return WithdrawRequest.newBuilder()
        .setCommandId(commandId)
        .setAccountId(account)
        .setAmountMinor(amountMinor)
        .setCurrency(currency)
        .setReference(REFERENCE)
        .build();
  }
}

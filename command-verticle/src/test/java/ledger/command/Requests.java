package ledger.command;

import ledger.v1.CloseAccountRequest;
import ledger.v1.DepositRequest;
import ledger.v1.FreezeAccountRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.TransferRequest;
import ledger.v1.UnfreezeAccountRequest;
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

  static TransferRequest transfer(String commandId, String from, String to, long amountMinor, String currency) {
    return TransferRequest.newBuilder()
        .setCommandId(commandId)
        .setFromAccountId(from)
        .setToAccountId(to)
        .setAmountMinor(amountMinor)
        .setCurrency(currency)
        .setReference(REFERENCE)
        .build();
  }

  static FreezeAccountRequest freeze(String commandId, String account) {
    return FreezeAccountRequest.newBuilder()
        .setCommandId(commandId)
        .setAccountId(account)
        .setReason("suspicious activity")
        .build();
  }

  static UnfreezeAccountRequest unfreeze(String commandId, String account) {
    return UnfreezeAccountRequest.newBuilder()
        .setCommandId(commandId)
        .setAccountId(account)
        .setReason("cleared")
        .build();
  }

  static CloseAccountRequest close(String commandId, String account) {
    return CloseAccountRequest.newBuilder()
        .setCommandId(commandId)
        .setAccountId(account)
        .build();
  }
}

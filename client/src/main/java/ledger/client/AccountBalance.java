package ledger.client;

import java.time.Instant;

import ledger.v1.AccountStatus;
import ledger.v1.Balance;

/** An account as a read saw it: balance in minor units, currency, status, stream version and position. */
public record AccountBalance(String accountId, long balanceMinor, String currency, AccountStatus status,
    long version, long globalPosition, Instant updatedAt, long overdraftLimitMinor) {

  static AccountBalance of(Balance balance) {
    return new AccountBalance(balance.getAccountId(), balance.getBalanceMinor(), balance.getCurrency(),
        balance.getStatus(), balance.getVersion(), balance.getGlobalPosition(),
        Instant.ofEpochSecond(balance.getUpdatedAt().getSeconds(), balance.getUpdatedAt().getNanos()),
        balance.getOverdraftLimitMinor());
  }
}

package ledger.app.cli;

import java.time.Instant;

import ledger.app.client.Money;
import ledger.domain.Currency;
import ledger.grpc.ProtoTime;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.StreamVersion;

/** How the client commands print results. */
final class Format {

  private Format() {
  }

  static String money(long minor, String currency) {
    return amount(minor, currency) + " " + currency;
  }

  /** The decimal amount alone, in the currency's minor unit. */
  static String amount(long minor, String currency) {
    return Money.format(minor, Currency.of(currency).minorDigits());
  }

  static String result(String headline, CommandResult result) {
    StringBuilder text = new StringBuilder(headline);
    if (result.getDeduplicated()) {
      text.append("\n  (repeat of an earlier command with this command id: nothing appended again)");
    } else if (result.getEventsAppended() == 0) {
      text.append("\n  (nothing to change: no event appended)");
    }
    for (StreamVersion version : result.getVersionsList()) {
      text.append("\n  ").append(version.getAccountId()).append(" at version ").append(version.getVersion());
    }
    if (result.getGlobalPosition() > 0) {
      text.append(", position ").append(result.getGlobalPosition());
    }
    text.append("\n  token ").append(result.getConsistencyToken());
    return text.toString();
  }

  static String balance(Balance balance) {
    Instant updated = ProtoTime.instant(balance.getUpdatedAt());
    String text = balance.getAccountId() + ": " + money(balance.getBalanceMinor(), balance.getCurrency())
        + "\n  status " + balance.getStatus() + ", version " + balance.getVersion()
        + ", position " + balance.getGlobalPosition() + ", updated " + updated;
    if (balance.getOverdraftLimitMinor() > 0) {
      text += "\n  overdraft limit " + money(balance.getOverdraftLimitMinor(), balance.getCurrency());
    }
    return text;
  }
}

package ledger.readmodel;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import ledger.domain.Account;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.domain.Currency;
import ledger.store.RecordedEvent;

/** One account as the read side sees it: the state after {@code version} events. */
public record AccountView(AccountId accountId, long balanceMinor, String currency, AccountStatus status,
                          long overdraftLimitMinor, long version, long globalPosition, Instant updatedAt) {

  /** From a view hash (or a feed entry); null when the account has no complete view. */
  public static AccountView fromFields(AccountId id, Map<String, String> fields) {
    String currency = fields.get(ViewFields.CURRENCY);
    String status = fields.get(ViewFields.STATUS);
    if (currency == null || status == null || !fields.containsKey(ViewFields.VERSION)) {
      return null;
    }
    return new AccountView(id,
        Long.parseLong(fields.getOrDefault(ViewFields.BALANCE, "0")),
        currency,
        AccountStatus.valueOf(status),
        Long.parseLong(fields.getOrDefault(ViewFields.OVERDRAFT_LIMIT, "0")),
        Long.parseLong(fields.get(ViewFields.VERSION)),
        Long.parseLong(fields.getOrDefault(ViewFields.GLOBAL_POSITION, "0")),
        fromMicros(Long.parseLong(fields.getOrDefault(ViewFields.UPDATED_AT_MICROS, "0"))));
  }

  /** The view of {@code state}, the account right after {@code event}. */
  public static AccountView after(Account state, RecordedEvent event) {
    return new AccountView(state.id(), state.balanceMinor(), state.currency().code(), state.status(),
        state.overdraftLimitMinor(), state.version(), event.globalPosition(), event.recordedAt());
  }

  /** The account state this view shows, to fold later events into. */
  public Account toAccount() {
    return new Account(accountId, status, Currency.of(currency), balanceMinor, overdraftLimitMinor, version);
  }

  public static long toMicros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  public static Instant fromMicros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}

package ledger.store.view;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;

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
        micros(Long.parseLong(fields.getOrDefault(ViewFields.UPDATED_AT_MICROS, "0"))));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("account_id", accountId.value())
        .put(ViewFields.BALANCE, balanceMinor)
        .put(ViewFields.CURRENCY, currency)
        .put(ViewFields.STATUS, status.name())
        .put(ViewFields.OVERDRAFT_LIMIT, overdraftLimitMinor)
        .put(ViewFields.VERSION, version)
        .put(ViewFields.GLOBAL_POSITION, globalPosition)
        .put(ViewFields.UPDATED_AT_MICROS, toMicros(updatedAt));
  }

  public static AccountView fromJson(JsonObject json) {
    return new AccountView(AccountId.of(json.getString("account_id")),
        json.getLong(ViewFields.BALANCE),
        json.getString(ViewFields.CURRENCY),
        AccountStatus.valueOf(json.getString(ViewFields.STATUS)),
        json.getLong(ViewFields.OVERDRAFT_LIMIT),
        json.getLong(ViewFields.VERSION),
        json.getLong(ViewFields.GLOBAL_POSITION),
        micros(json.getLong(ViewFields.UPDATED_AT_MICROS)));
  }

  public static long toMicros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static Instant micros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}

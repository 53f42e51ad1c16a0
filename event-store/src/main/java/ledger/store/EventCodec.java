package ledger.store;

import io.vertx.core.json.JsonObject;
import ledger.domain.AccountEvent;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import ledger.domain.Currency;

/**
 * Events to and from their stored form: a type name, a schema version and a snake_case
 * JSON payload. Type names and field names are the storage contract; auditors query them.
 */
public final class EventCodec {

  /** The payload shape written today, for every event type. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  private EventCodec() {
  }

  public record Encoded(String type, int schemaVersion, JsonObject payload) {
  }

  public static Encoded encode(AccountEvent event) {
    if (event instanceof AccountOpened opened) {
      return current("AccountOpened", new JsonObject()
          .put("currency", opened.currency().code())
          .put("overdraft_limit_minor", opened.overdraftLimitMinor()));
    } else if (event instanceof MoneyDeposited deposited) {
      return current("MoneyDeposited", posting(deposited.amountMinor(), deposited.currency(),
          deposited.reference(), deposited.balanceAfterMinor()));
    } else if (event instanceof MoneyWithdrawn withdrawn) {
      return current("MoneyWithdrawn", posting(withdrawn.amountMinor(), withdrawn.currency(),
          withdrawn.reference(), withdrawn.balanceAfterMinor()));
    }
    throw new IllegalArgumentException("no encoding for " + event);
  }

  /** Reads a stored event; anything malformed is an IllegalArgumentException that says what. */
  public static AccountEvent decode(String type, int schemaVersion, JsonObject payload) {
    if (type == null || payload == null) {
      throw new IllegalArgumentException("stored event without type or payload");
    }
    if (schemaVersion != CURRENT_SCHEMA_VERSION) {
      throw new IllegalArgumentException("unknown schema version " + schemaVersion + " of " + type);
    }
    try {
      return decodeCurrent(type, payload);
    } catch (NullPointerException | ClassCastException | ledger.domain.InvalidCommandException e) {
      throw new IllegalArgumentException("malformed " + type + " payload " + payload.encode() + ": " + e.getMessage(), e);
    }
  }

  private static AccountEvent decodeCurrent(String type, JsonObject payload) {
    return switch (type) {
      case "AccountOpened" -> new AccountOpened(Currency.of(payload.getString("currency")),
          payload.getLong("overdraft_limit_minor"));
      case "MoneyDeposited" -> new MoneyDeposited(payload.getLong("amount_minor"),
          Currency.of(payload.getString("currency")), payload.getString("reference"),
          payload.getLong("balance_after_minor"));
      case "MoneyWithdrawn" -> new MoneyWithdrawn(payload.getLong("amount_minor"),
          Currency.of(payload.getString("currency")), payload.getString("reference"),
          payload.getLong("balance_after_minor"));
      default -> throw new IllegalArgumentException("unknown event type " + type);
    };
  }

  private static Encoded current(String type, JsonObject payload) {
    return new Encoded(type, CURRENT_SCHEMA_VERSION, payload);
  }

  private static JsonObject posting(long amountMinor, Currency currency, String reference, long balanceAfterMinor) {
    return new JsonObject()
        .put("amount_minor", amountMinor)
        .put("currency", currency.code())
        .put("reference", reference)
        .put("balance_after_minor", balanceAfterMinor);
  }
}

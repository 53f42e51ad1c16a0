package ledger.store;

import java.util.Map;

import io.vertx.core.json.JsonObject;
import ledger.domain.AccountEvent;
import ledger.domain.AccountEvent.AccountClosed;
import ledger.domain.AccountEvent.AccountFrozen;
import ledger.domain.AccountEvent.AccountOpened;
import ledger.domain.AccountEvent.AccountUnfrozen;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;
import ledger.domain.AccountId;
import ledger.domain.Currency;
import ledger.domain.InvalidInputException;

/**
 * Events to and from their stored form: a type name, a schema version and a snake_case
 * JSON payload. Type names and field names are the storage contract; auditors query them.
 * Older schema versions are upcast when read (see {@link Upcasters}).
 */
public final class EventCodec {

  /** The payload shape written today, per event type. */
  static final Map<String, Integer> CURRENT_VERSIONS = Map.of(
      "AccountOpened", 2,
      "MoneyDeposited", 1,
      "MoneyWithdrawn", 1,
      "TransferSent", 1,
      "TransferReceived", 1,
      "AccountFrozen", 1,
      "AccountUnfrozen", 1,
      "AccountClosed", 1);

  private EventCodec() {
  }

  public record Encoded(String type, int schemaVersion, JsonObject payload) {
  }

  public static int currentVersion(String type) {
    Integer version = CURRENT_VERSIONS.get(type);
    if (version == null) {
      throw new IllegalArgumentException("unknown event type " + type);
    }
    return version;
  }

  /**
   * The event's type as stored and as every caller sees it (history, balance streams, the feed):
   * a name of the storage contract, never the Java class's, so renaming a class changes nothing
   * on the wire.
   */
  public static String typeOf(AccountEvent event) {
    if (event instanceof AccountOpened) {
      return "AccountOpened";
    } else if (event instanceof MoneyDeposited) {
      return "MoneyDeposited";
    } else if (event instanceof MoneyWithdrawn) {
      return "MoneyWithdrawn";
    } else if (event instanceof TransferSent) {
      return "TransferSent";
    } else if (event instanceof TransferReceived) {
      return "TransferReceived";
    } else if (event instanceof AccountFrozen) {
      return "AccountFrozen";
    } else if (event instanceof AccountUnfrozen) {
      return "AccountUnfrozen";
    } else if (event instanceof AccountClosed) {
      return "AccountClosed";
    }
    throw new IllegalArgumentException("no stored type for " + event);
  }

  public static Encoded encode(AccountEvent event) {
    String type = typeOf(event);
    return new Encoded(type, currentVersion(type), payloadOf(event));
  }

  private static JsonObject payloadOf(AccountEvent event) {
    if (event instanceof AccountOpened opened) {
      return new JsonObject()
          .put("currency", opened.currency().code())
          .put("overdraft_limit_minor", opened.overdraftLimitMinor());
    } else if (event instanceof MoneyDeposited deposited) {
      return money(deposited.amountMinor(), deposited.currency(), deposited.reference(),
          deposited.balanceAfterMinor());
    } else if (event instanceof MoneyWithdrawn withdrawn) {
      return money(withdrawn.amountMinor(), withdrawn.currency(), withdrawn.reference(),
          withdrawn.balanceAfterMinor());
    } else if (event instanceof TransferSent sent) {
      return money(sent.amountMinor(), sent.currency(), sent.reference(), sent.balanceAfterMinor())
          .put("to_account_id", sent.to().value());
    } else if (event instanceof TransferReceived received) {
      return money(received.amountMinor(), received.currency(), received.reference(), received.balanceAfterMinor())
          .put("from_account_id", received.from().value());
    } else if (event instanceof AccountFrozen frozen) {
      return new JsonObject().put("reason", frozen.reason());
    } else if (event instanceof AccountUnfrozen unfrozen) {
      return new JsonObject().put("reason", unfrozen.reason());
    } else if (event instanceof AccountClosed) {
      return new JsonObject();
    }
    throw new IllegalArgumentException("no encoding for " + event);
  }

  /** Reads a stored event of any known schema version; anything malformed is an IllegalArgumentException. */
  public static AccountEvent decode(String type, int schemaVersion, JsonObject payload) {
    if (type == null || payload == null) {
      throw new IllegalArgumentException("stored event without type or payload");
    }
    int current = currentVersion(type);
    if (schemaVersion < 1 || schemaVersion > current) {
      throw new IllegalArgumentException("unknown schema version " + schemaVersion + " of " + type);
    }
    JsonObject upcast = Upcasters.upcast(type, schemaVersion, current, payload);
    try {
      return decodeCurrent(type, upcast);
    } catch (NullPointerException | ClassCastException | InvalidInputException e) {
      throw new IllegalArgumentException("malformed " + type + " payload " + payload.encode() + ": " + e.getMessage(), e);
    }
  }

  private static AccountEvent decodeCurrent(String type, JsonObject payload) {
    return switch (type) {
      case "AccountOpened" -> new AccountOpened(currency(payload), payload.getLong("overdraft_limit_minor"));
      case "MoneyDeposited" -> new MoneyDeposited(payload.getLong("amount_minor"), currency(payload),
          payload.getString("reference"), payload.getLong("balance_after_minor"));
      case "MoneyWithdrawn" -> new MoneyWithdrawn(payload.getLong("amount_minor"), currency(payload),
          payload.getString("reference"), payload.getLong("balance_after_minor"));
      case "TransferSent" -> new TransferSent(payload.getLong("amount_minor"), currency(payload),
          AccountId.of(payload.getString("to_account_id")), payload.getString("reference"),
          payload.getLong("balance_after_minor"));
      case "TransferReceived" -> new TransferReceived(payload.getLong("amount_minor"), currency(payload),
          AccountId.of(payload.getString("from_account_id")), payload.getString("reference"),
          payload.getLong("balance_after_minor"));
      case "AccountFrozen" -> new AccountFrozen(payload.getString("reason", ""));
      case "AccountUnfrozen" -> new AccountUnfrozen(payload.getString("reason", ""));
      case "AccountClosed" -> new AccountClosed();
      default -> throw new IllegalArgumentException("unknown event type " + type);
    };
  }

  private static Currency currency(JsonObject payload) {
    return Currency.of(payload.getString("currency"));
  }

  private static JsonObject money(long amountMinor, Currency currency, String reference, long balanceAfterMinor) {
    return new JsonObject()
        .put("amount_minor", amountMinor)
        .put("currency", currency.code())
        .put("reference", reference)
        .put("balance_after_minor", balanceAfterMinor);
  }
}

package ledger.store;

import io.vertx.core.json.JsonObject;
import ledger.domain.Account;
import ledger.domain.AccountId;
import ledger.domain.AccountStatus;
import ledger.domain.Currency;

/** Account states to and from the snapshots table. A new state shape gets a new schema version. */
public final class SnapshotCodec {

  public static final int SCHEMA_VERSION = 1;

  private SnapshotCodec() {
  }

  public static JsonObject encode(Account state) {
    return new JsonObject()
        .put("status", state.status().name())
        .put("currency", state.currency().code())
        .put("balance_minor", state.balanceMinor())
        .put("overdraft_limit_minor", state.overdraftLimitMinor());
  }

  public static Account decode(AccountId id, long version, JsonObject json) {
    return new Account(id, AccountStatus.valueOf(json.getString("status")), Currency.of(json.getString("currency")),
        json.getLong("balance_minor"), json.getLong("overdraft_limit_minor"), version);
  }
}

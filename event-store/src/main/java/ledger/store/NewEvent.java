package ledger.store;

import ledger.domain.AccountEvent;
import ledger.domain.AccountId;

/** An event about to be appended at {@code version} of its stream. */
public record NewEvent(AccountId streamId, long version, AccountEvent event) {
}

package ledger.domain;

import java.util.Map;
import java.util.Optional;

/**
 * The rules every movement of money obeys, whether a deposit, a withdrawal or one side of a
 * transfer. Each check answers with the rejection it finds, or empty when the money may move.
 */
final class PostingRules {

  private PostingRules() {
  }

  /** An open account in the given currency, or why money cannot move on it. */
  static Optional<Rejection> canPost(Account state, Currency currency) {
    AccountId id = state.id();
    if (!state.exists()) {
      return Optional.of(Rejection.accountNotFound(id));
    }
    if (state.status() == AccountStatus.CLOSED) {
      return Optional.of(new Rejection(Reason.ACCOUNT_CLOSED, "account " + id + " is closed",
          Map.of("account_id", id.value())));
    }
    if (state.status() == AccountStatus.FROZEN) {
      return Optional.of(new Rejection(Reason.ACCOUNT_FROZEN, "account " + id + " is frozen",
          Map.of("account_id", id.value())));
    }
    if (!currency.equals(state.currency())) {
      return Optional.of(new Rejection(Reason.CURRENCY_MISMATCH,
          "account " + id + " holds " + state.currency() + ", not " + currency,
          Map.of("account_id", id.value(), "account_currency", state.currency().code(),
              "requested_currency", currency.code())));
    }
    return Optional.empty();
  }

  /** The balance can take the credit without overflowing. */
  static Optional<Rejection> canCredit(Account state, long amountMinor) {
    if (state.balanceMinor() <= Long.MAX_VALUE - amountMinor) {
      return Optional.empty();
    }
    return Optional.of(new Rejection(Reason.BALANCE_OVERFLOW,
        "crediting " + amountMinor + " would overflow the balance of " + state.id(),
        Map.of("account_id", state.id().value(), "balance_minor", Long.toString(state.balanceMinor()),
            "amount_minor", Long.toString(amountMinor))));
  }

  /** The balance stays at or above minus the overdraft limit after the debit. */
  static Optional<Rejection> canDebit(Account state, long amountMinor) {
    if (state.balanceMinor() - amountMinor >= -state.overdraftLimitMinor()) {
      return Optional.empty();
    }
    long available = state.balanceMinor() + state.overdraftLimitMinor();
    return Optional.of(new Rejection(Reason.INSUFFICIENT_FUNDS,
        "account " + state.id() + " has " + available + " available, " + amountMinor + " requested",
        Map.of("account_id", state.id().value(),
            "balance_minor", Long.toString(state.balanceMinor()),
            "overdraft_limit_minor", Long.toString(state.overdraftLimitMinor()),
            "available_minor", Long.toString(available),
            "amount_minor", Long.toString(amountMinor))));
  }
}

package ledger.domain;

import java.util.Map;

/** The rules every movement of money obeys, whether a deposit, a withdrawal or one side of a transfer. */
final class PostingRules {

  private PostingRules() {
  }

  /** The balance after a credit or debit, or why it may not happen. */
  record Posted(long balanceAfterMinor, Rejection refusal) {

    static Posted to(long balanceAfterMinor) {
      return new Posted(balanceAfterMinor, null);
    }

    static Posted refused(Rejection refusal) {
      return new Posted(0, refusal);
    }

    boolean isRefused() {
      return refusal != null;
    }
  }

  static Rejection notFound(AccountId id) {
    return new Rejection(Reason.ACCOUNT_NOT_FOUND, "account " + id + " does not exist", Map.of("account_id", id.value()));
  }

  /** An open account in the given currency, or why money cannot move on it. */
  static Rejection canPost(Account state, Currency currency) {
    AccountId id = state.id();
    if (!state.exists()) {
      return notFound(id);
    }
    if (state.status() == AccountStatus.CLOSED) {
      return new Rejection(Reason.ACCOUNT_CLOSED, "account " + id + " is closed", Map.of("account_id", id.value()));
    }
    if (state.status() == AccountStatus.FROZEN) {
      return new Rejection(Reason.ACCOUNT_FROZEN, "account " + id + " is frozen", Map.of("account_id", id.value()));
    }
    if (!currency.equals(state.currency())) {
      return new Rejection(Reason.CURRENCY_MISMATCH,
          "account " + id + " holds " + state.currency() + ", not " + currency,
          Map.of("account_id", id.value(), "account_currency", state.currency().code(),
              "requested_currency", currency.code()));
    }
    return null;
  }

  static Posted credit(Account state, long amountMinor) {
    try {
      return Posted.to(Math.addExact(state.balanceMinor(), amountMinor));
    } catch (ArithmeticException overflow) {
      return Posted.refused(new Rejection(Reason.BALANCE_OVERFLOW,
          "crediting " + amountMinor + " would overflow the balance of " + state.id(),
          Map.of("account_id", state.id().value(), "balance_minor", Long.toString(state.balanceMinor()),
              "amount_minor", Long.toString(amountMinor))));
    }
  }

  static Posted debit(Account state, long amountMinor) {
    long balanceAfter = state.balanceMinor() - amountMinor;
    if (balanceAfter < -state.overdraftLimitMinor()) {
      long available = state.balanceMinor() + state.overdraftLimitMinor();
      return Posted.refused(new Rejection(Reason.INSUFFICIENT_FUNDS,
          "account " + state.id() + " has " + available + " available, " + amountMinor + " requested",
          Map.of("account_id", state.id().value(),
              "balance_minor", Long.toString(state.balanceMinor()),
              "overdraft_limit_minor", Long.toString(state.overdraftLimitMinor()),
              "available_minor", Long.toString(available),
              "amount_minor", Long.toString(amountMinor))));
    }
    return Posted.to(balanceAfter);
  }
}

package ledger.domain;

public enum AccountStatus {
  /** No AccountOpened event yet: to callers, the account does not exist. */
  UNOPENED,
  OPEN,
  FROZEN,
  CLOSED
}

package ledger.domain;

/**
 * The state of one account after {@code version} events. {@code currency} is null
 * only while the account is {@link AccountStatus#UNOPENED}.
 */
public record Account(AccountId id, AccountStatus status, Currency currency, long balanceMinor,
                      long overdraftLimitMinor, long version) {

  public static Account unopened(AccountId id) {
    return new Account(id, AccountStatus.UNOPENED, null, 0, 0, 0);
  }

  public boolean exists() {
    return status != AccountStatus.UNOPENED;
  }
}

package ledger.domain;

/** 1 to 64 characters of {@code [A-Za-z0-9._:-]}. */
public record AccountId(String value) implements Comparable<AccountId> {

  public AccountId {
    if (!IdChars.valid(value, 64)) {
      throw new InvalidInputException(Reason.INVALID_ACCOUNT_ID,
          "account_id must be 1-64 characters of [A-Za-z0-9._:-], got " + Quote.of(value));
    }
  }

  public static AccountId of(String value) {
    return new AccountId(value);
  }

  @Override
  public int compareTo(AccountId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

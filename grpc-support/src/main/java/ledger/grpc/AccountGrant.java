package ledger.grpc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import ledger.domain.AccountId;

/**
 * The accounts a caller may touch: exact ids and prefixes (an entry ending in {@code *}), as a
 * token's account claim lists them, e.g. {@code ["tenant-7:*", "fees"]}; or every account.
 */
public final class AccountGrant {

  /** No restriction: a token without the claim, or authentication off. */
  public static final AccountGrant EVERY_ACCOUNT = new AccountGrant(Set.of(), List.of(), true);

  private static final Pattern ENTRY = Pattern.compile("[A-Za-z0-9._:-]{1,64}|[A-Za-z0-9._:-]{0,63}\\*");

  private final Set<String> exact;
  private final List<String> prefixes;
  private final boolean every;

  private AccountGrant(Set<String> exact, List<String> prefixes, boolean every) {
    this.exact = exact;
    this.prefixes = prefixes;
    this.every = every;
  }

  /**
   * The grant of a claim's entries; an entry that is neither an account id nor a prefix of one
   * followed by {@code *} is refused, so a typo never widens a grant. {@code *} alone is every account.
   */
  public static AccountGrant of(List<String> entries) {
    Set<String> exact = new HashSet<>();
    List<String> prefixes = new ArrayList<>();
    for (String entry : entries) {
      if (entry == null || !ENTRY.matcher(entry).matches()) {
        throw new IllegalArgumentException("an account grant entry must be an account id or a prefix ending in *, got "
            + (entry == null ? "null" : "\"" + entry + "\""));
      }
      if (entry.equals("*")) {
        return EVERY_ACCOUNT;
      }
      if (entry.endsWith("*")) {
        prefixes.add(entry.substring(0, entry.length() - 1));
      } else {
        exact.add(entry);
      }
    }
    return new AccountGrant(Set.copyOf(exact), List.copyOf(prefixes), false);
  }

  public boolean allows(AccountId account) {
    if (every || exact.contains(account.value())) {
      return true;
    }
    for (String prefix : prefixes) {
      if (account.value().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEvery() {
    return every;
  }

  @Override
  public String toString() {
    if (every) {
      return "every account";
    }
    List<String> entries = new ArrayList<>(exact);
    prefixes.forEach(prefix -> entries.add(prefix + "*"));
    return entries.toString();
  }
}

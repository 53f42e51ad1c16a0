package ledger.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import ledger.domain.AccountId;
import ledger.domain.InvalidInputException;
import ledger.domain.Reason;

/** Where the next page of an account's history starts; opaque to callers and bound to the account. */
final class PageToken {

  private static final String PREFIX = "h1.";

  private PageToken() {
  }

  static String encode(AccountId account, long nextVersion) {
    String raw = account.value() + "\n" + nextVersion;
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The version the page starts at; INVALID_ARGUMENT for a token of another account or not ours. */
  static long decode(AccountId account, String token) {
    try {
      if (!token.startsWith(PREFIX) || token.length() > 256) {
        throw invalid();
      }
      String raw = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8);
      int newline = raw.indexOf('\n');
      if (newline < 0 || !raw.substring(0, newline).equals(account.value())) {
        throw invalid();
      }
      long version = Long.parseLong(raw.substring(newline + 1));
      if (version < 1) {
        throw invalid();
      }
      return version;
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private static InvalidInputException invalid() {
    return new InvalidInputException(Reason.INVALID_PAGE_TOKEN,
        "page_token is not a token this ledger issued for this account");
  }
}

package ledger.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest consistency token of a session's writes, per account. Pure state, safe to share
 * between threads.
 *
 * <p>Tokens are opaque, so they are not compared with each other: what is compared is what every
 * command result states in the open, the new stream version of each account it touched. For each
 * account the book keeps the token of the write that took it to its highest version (versions are
 * gapless per account, so the higher one is the newer write whatever the commit order), and a
 * read of that account sends that token. A read of an account the session never wrote (or one
 * evicted from a full book) sends the token of the session's latest write, by global position:
 * that waits until the views cover that write's point in commit order, which an earlier write of
 * the session (finished before the later one was sent) is behind.
 */
final class SessionTokens {

  /** Accounts remembered: bounds the exported string (about 130 characters per account) for an HTTP header. */
  static final int MAX_ACCOUNTS = 16;

  private static final String PREFIX = "ls1.";
  /** An account whose token is the latest one, written once (a token this ledger issues starts with "v1."). */
  private static final String SAME_AS_LATEST = "*";

  private record Entry(long version, String token) {
  }

  private final LinkedHashMap<String, Entry> byAccount = new LinkedHashMap<>(16, 0.75f, false);
  private String latestToken = "";
  private long latestPosition = -1;

  /** Records what a write of this session (or of another that handed its session over) returned. */
  synchronized void record(CommandOutcome outcome) {
    record(outcome.consistencyToken(), outcome.globalPosition(), outcome.versions());
  }

  synchronized void record(String token, long globalPosition, Map<String, Long> versions) {
    if (token.isEmpty()) {
      return;
    }
    versions.forEach((account, version) -> {
      Entry known = byAccount.get(account);
      if (known == null || version > known.version()) {
        // Re-inserted, so the accounts written longest ago are the first to go.
        byAccount.remove(account);
        byAccount.put(account, new Entry(version, token));
      }
    });
    while (byAccount.size() > MAX_ACCOUNTS) {
      byAccount.remove(byAccount.keySet().iterator().next());
    }
    if (globalPosition > latestPosition) {
      latestPosition = globalPosition;
      latestToken = token;
    }
  }

  /** The token a read of {@code accountId} sends: "" when the session has written nothing yet. */
  synchronized String tokenFor(String accountId) {
    Entry entry = byAccount.get(accountId);
    return entry != null ? entry.token() : latestToken;
  }

  /** The newest version of {@code accountId} this session wrote, or 0. */
  synchronized long versionOf(String accountId) {
    Entry entry = byAccount.get(accountId);
    return entry == null ? 0 : entry.version();
  }

  /** Takes in another session's book: per account the higher version wins, the later position the latest. */
  synchronized void merge(String exported) {
    List<String> lines = decodeLines(exported);
    String[] head = lines.get(0).split(" ", -1);
    if (head.length != 2) {
      throw malformed();
    }
    try {
      long position = Long.parseLong(head[0]);
      record(head[1], position, Map.of());
      for (String line : lines.subList(1, lines.size())) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
          throw malformed();
        }
        record(SAME_AS_LATEST.equals(parts[2]) ? head[1] : parts[2], -1, Map.of(parts[0], Long.parseLong(parts[1])));
      }
    } catch (NumberFormatException e) {
      throw malformed();
    }
  }

  /**
   * The book as one URL- and header-safe string: {@code ls1.} and URL-safe base64 of lines
   * "position latest-token" then "account version token" per account ({@code *} for the latest token).
   */
  synchronized String export() {
    StringBuilder text = new StringBuilder().append(latestPosition).append(' ').append(latestToken);
    byAccount.forEach((account, entry) -> text.append('\n').append(account).append(' ').append(entry.version())
        .append(' ').append(entry.token().equals(latestToken) ? SAME_AS_LATEST : entry.token()));
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> decodeLines(String exported) {
    if (exported == null || !exported.startsWith(PREFIX) || exported.length() > 16_384) {
      throw malformed();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(exported.substring(PREFIX.length())), StandardCharsets.UTF_8);
      return new ArrayList<>(List.of(text.split("\n", -1)));
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
  }

  private static IllegalArgumentException malformed() {
    return new IllegalArgumentException("not a session exported by LedgerSession.export()");
  }
}

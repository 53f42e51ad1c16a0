package ledger.app.server;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Keeps a backend URL's credentials out of error messages. vertx-pg-client 5.0.7
 * ({@code Cannot parse invalid connection URI: <url>}) and {@link java.net.URI} ({@code Illegal
 * character in authority at index 8: <url>}) quote a URL that does not parse whole, password and
 * all, and a password with a character that should have been percent-encoded is the usual reason
 * it does not parse: the start-up failure would print the secret into the process's logs.
 */
final class SecretUrls {

  /** {@code password=...} in the query, as libpq and vertx-pg-client take it. */
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&]password=)[^&\\s]*");

  private SecretUrls() {
  }

  /**
   * The URL with what stands between {@code scheme://} and the host's {@code @} (user and password)
   * hidden; of a comma-separated list of endpoints (Redis Sentinel or Cluster), of each.
   */
  static String redacted(String url) {
    if (url.contains(",")) {
      return String.join(",", java.util.Arrays.stream(url.split(",", -1)).map(SecretUrls::redacted).toList());
    }
    String userInfo = userInfo(url);
    String shown = userInfo == null ? url : url.replace(userInfo + "@", "***@");
    return PASSWORD_PARAMETER.matcher(shown).replaceAll("$1***");
  }

  /**
   * What {@code options} makes of {@code url}; a failure is an IllegalArgumentException naming the
   * URL redacted, without the library's cause when that quotes the URL.
   */
  static <T> T parsing(String url, Supplier<T> options) {
    try {
      return options.get();
    } catch (IllegalArgumentException e) {
      String message = hide(String.valueOf(e.getMessage()), url);
      boolean causeQuotesUrl = false;
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        String said = String.valueOf(t.getMessage());
        causeQuotesUrl |= !hide(said, url).equals(said);
      }
      throw causeQuotesUrl ? new IllegalArgumentException(message) : new IllegalArgumentException(message, e);
    }
  }

  private static String hide(String text, String url) {
    if (url.contains(",")) {
      String hidden = text.replace(url, redacted(url));
      for (String endpoint : url.split(",")) {
        hidden = hide(hidden, endpoint);
      }
      return hidden;
    }
    String userInfo = userInfo(url);
    String hidden = text.replace(url, redacted(url));
    if (userInfo != null) {
      hidden = hidden.replace(userInfo, "***");
    }
    return PASSWORD_PARAMETER.matcher(hidden).replaceAll("$1***");
  }

  /**
   * From {@code ://} to the last {@code @} before the path or query, read leniently: a URL that does
   * not parse may hold an unencoded {@code @} or {@code /} in its password. Null without credentials.
   */
  private static String userInfo(String url) {
    int start = url.indexOf("://");
    if (start < 0) {
      return null;
    }
    start += 3;
    int query = url.indexOf('?', start);
    int at = url.lastIndexOf('@', query < 0 ? url.length() - 1 : query);
    return at < start ? null : url.substring(start, at);
  }
}

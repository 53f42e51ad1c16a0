package ledger.app.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import ledger.grpc.AccountGrant;

/** Reads a verified token's claims, refusing (TOKEN_INVALID) a claim of the wrong shape rather than guessing. */
final class Claims {

  private Claims() {
  }

  /** A NumericDate claim in whole seconds; Long.MIN_VALUE when absent and optional. */
  static long numericDate(JsonObject claims, String name, boolean required) {
    Object value = claims.getValue(name);
    if (value == null) {
      if (required) {
        throw TokenVerifier.invalid("it has no expiry (" + name + ")");
      }
      return Long.MIN_VALUE;
    }
    if (!(value instanceof Number number)) {
      throw TokenVerifier.invalid("its " + name + " is not a number");
    }
    return (long) Math.floor(number.doubleValue());
  }

  /** {@code scope} and {@code scp}, each a space-separated string or an array of strings. */
  static Set<String> scopes(JsonObject claims) {
    Set<String> scopes = new HashSet<>();
    for (String name : List.of("scope", "scp")) {
      Object value = claims.getValue(name);
      if (value instanceof String text) {
        for (String scope : text.trim().split("\\s+")) {
          if (!scope.isEmpty()) {
            scopes.add(scope);
          }
        }
      } else if (value instanceof JsonArray array) {
        array.forEach(scope -> {
          if (scope instanceof String text) {
            scopes.add(text);
          }
        });
      } else if (value != null) {
        throw TokenVerifier.invalid("its " + name + " is neither a string nor an array");
      }
    }
    return Set.copyOf(scopes);
  }

  static AccountGrant accounts(JsonObject claims, String accountsClaim) {
    Object value = claims.getValue(accountsClaim);
    if (value == null) {
      return AccountGrant.EVERY_ACCOUNT;
    }
    if (value instanceof JsonArray array && array.stream().allMatch(String.class::isInstance)) {
      try {
        return AccountGrant.of(array.stream().map(String.class::cast).toList());
      } catch (IllegalArgumentException e) {
        throw TokenVerifier.invalid("its " + accountsClaim + " claim is malformed: " + e.getMessage());
      }
    }
    throw TokenVerifier.invalid("its " + accountsClaim + " claim is not an array of account ids and prefixes");
  }
}

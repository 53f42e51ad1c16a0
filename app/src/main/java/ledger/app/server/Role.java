package ledger.app.server;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a process does; {@code ./ledger serve} runs all three. */
public enum Role {
  /** gRPC CommandService: validate, decide, append to PostgreSQL. */
  COMMAND,
  /** Tails PostgreSQL into the Redis views (one active writer, the rest stand by). */
  PROJECTION,
  /** gRPC QueryService: reads the Redis views, waits on consistency tokens. */
  QUERY;

  public static Set<Role> parse(String list) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : list.split(",")) {
      String name = part.trim().toUpperCase(Locale.ROOT);
      if (name.equals("ALL")) {
        return EnumSet.allOf(Role.class);
      }
      if (!name.isEmpty()) {
        try {
          roles.add(Role.valueOf(name));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown role '" + part.trim() + "' (roles: command, projection, query, all)");
        }
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("no role given (roles: command, projection, query, all)");
    }
    return roles;
  }
}

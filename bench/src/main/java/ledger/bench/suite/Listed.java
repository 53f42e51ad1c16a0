package ledger.bench.suite;

import java.util.List;

/** A list the template shows under a heading of its own, or nothing at all: null when there is nothing to list. */
public record Listed<T>(List<T> items) {

  public static <T> Listed<T> of(List<T> items) {
    return items.isEmpty() ? null : new Listed<>(List.copyOf(items));
  }
}

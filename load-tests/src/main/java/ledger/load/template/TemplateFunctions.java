package ledger.load.template;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The functions a data template may call: ghz's own ({@code newUUID}, {@code randomString},
 * {@code randomInt}) and the handful of sprig functions that scenarios reach for. Each is
 * checked for its number of arguments when the template is parsed.
 */
final class TemplateFunctions {

  /** One function: its arity (max -1 for any) and what it does. */
  record Function(String name, int minArgs, int maxArgs, Body body) {

    Object apply(List<Object> args, RandomGenerator random) {
      return body.apply(args, random);
    }
  }

  @FunctionalInterface
  interface Body {
    Object apply(List<Object> args, RandomGenerator random);
  }

  private static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";
  private static final Map<String, Function> ALL = new TreeMap<>();

  static {
    // ghz (runner/calldata.go)
    add("newUUID", 0, 0, (a, r) -> uuid(r));
    add("randomString", 1, 1, (a, r) -> randomString(integer(a.get(0)), r));
    add("randomInt", 2, 2, (a, r) -> randomInt(integer(a.get(0)), integer(a.get(1)), r));
    // sprig (masterminds.github.io/sprig), the few that load scenarios use
    add("uuidv4", 0, 0, (a, r) -> uuid(r));
    add("randInt", 2, 2, (a, r) -> randomInt(integer(a.get(0)), integer(a.get(1)), r));
    add("randAlphaNum", 1, 1, (a, r) -> chars(integer(a.get(0)), ALPHA + DIGITS, r));
    add("randAlpha", 1, 1, (a, r) -> chars(integer(a.get(0)), ALPHA, r));
    add("randNumeric", 1, 1, (a, r) -> chars(integer(a.get(0)), DIGITS, r));
    add("add", 1, -1, (a, r) -> a.stream().mapToLong(TemplateFunctions::integer).sum());
    add("add1", 1, 1, (a, r) -> integer(a.get(0)) + 1);
    add("sub", 2, 2, (a, r) -> integer(a.get(0)) - integer(a.get(1)));
    add("mul", 1, -1, (a, r) -> a.stream().mapToLong(TemplateFunctions::integer).reduce(1, (x, y) -> x * y));
    add("div", 2, 2, (a, r) -> integer(a.get(0)) / nonZero(integer(a.get(1)), "div"));
    add("mod", 2, 2, (a, r) -> integer(a.get(0)) % nonZero(integer(a.get(1)), "mod"));
    add("max", 1, -1, (a, r) -> a.stream().mapToLong(TemplateFunctions::integer).max().orElseThrow());
    add("min", 1, -1, (a, r) -> a.stream().mapToLong(TemplateFunctions::integer).min().orElseThrow());
    add("upper", 1, 1, (a, r) -> text(a.get(0)).toUpperCase(Locale.ROOT));
    add("lower", 1, 1, (a, r) -> text(a.get(0)).toLowerCase(Locale.ROOT));
    add("trim", 1, 1, (a, r) -> text(a.get(0)).strip());
    add("toString", 1, 1, (a, r) -> text(a.get(0)));
    add("printf", 1, -1, (a, r) -> printf(text(a.get(0)), a.subList(1, a.size())));
  }

  private TemplateFunctions() {
  }

  static Function find(String name) {
    Function f = ALL.get(name);
    if (f == null) {
      throw new TemplateException("function \"" + name + "\" is not defined here; the Java runner knows "
          + String.join(", ", ALL.keySet()));
    }
    return f;
  }

  static String text(Object value) {
    return String.valueOf(value);
  }

  static long integer(Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        throw new TemplateException("expected a number, got \"" + s + "\"");
      }
    }
    throw new TemplateException("expected a number, got " + value);
  }

  private static void add(String name, int min, int max, Body body) {
    ALL.put(name, new Function(name, min, max, body));
  }

  private static String uuid(RandomGenerator random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** ghz: a length of zero or less picks a random length from 2 to 16. */
  private static String randomString(long length, RandomGenerator random) {
    long n = length > 0 ? length : 2 + random.nextInt(15);
    return chars(n, ALPHA + DIGITS, random);
  }

  /** ghz: a non-negative number in [min, max); a negative min counts as 0. */
  private static long randomInt(long min, long max, RandomGenerator random) {
    long lo = Math.max(0, min);
    if (max <= lo) {
      throw new TemplateException("randomInt " + min + " " + max + ": max must be greater than min (the range is [min, max))");
    }
    return random.nextLong(lo, max);
  }

  private static String chars(long length, String alphabet, RandomGenerator random) {
    if (length < 0 || length > 1_000_000) {
      throw new TemplateException("string length out of range: " + length);
    }
    StringBuilder out = new StringBuilder((int) length);
    for (long i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static long nonZero(long value, String function) {
    if (value == 0) {
      throw new TemplateException(function + " by zero");
    }
    return value;
  }

  /** Go's fmt verbs map onto Java's for numbers and strings; %v prints like %s. */
  private static String printf(String format, List<Object> args) {
    try {
      return String.format(Locale.ROOT, format.replace("%v", "%s"), args.toArray());
    } catch (java.util.IllegalFormatException e) {
      throw new TemplateException("printf \"" + format + "\": " + e.getMessage());
    }
  }
}

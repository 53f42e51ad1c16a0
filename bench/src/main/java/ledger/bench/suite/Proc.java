package ledger.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What Linux's /proc says about processes and the machine. Times are in clock ticks
 * (USER_HZ, 100 a second on every mainstream kernel), the unit of both /proc/stat and
 * /proc/PID/stat. Everything returns empty or zero for a process that is gone.
 */
final class Proc {

  static final int TICKS_PER_SECOND = 100;
  private static final Path ROOT = Path.of("/proc");

  private Proc() {
  }

  /** A process's CPU time: its own (user + system) and that of its children it has reaped. */
  record Ticks(long self, long reapedChildren) {
    static final Ticks NONE = new Ticks(0, 0);
  }

  /** One line of /proc/PID/stat, parsed. The name can hold spaces and parentheses, hence the last ')'. */
  record Stat(long pid, String name, long parent, Ticks ticks) {

    static Stat parse(String line) {
      int open = line.indexOf('(');
      int close = line.lastIndexOf(')');
      String[] rest = line.substring(close + 2).trim().split(" +");
      // rest[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17
      return new Stat(Long.parseLong(line.substring(0, open).trim()), line.substring(open + 1, close),
          Long.parseLong(rest[1]), new Ticks(Long.parseLong(rest[11]) + Long.parseLong(rest[12]),
          Long.parseLong(rest[13]) + Long.parseLong(rest[14])));
    }
  }

  static boolean available() {
    return Files.isReadable(ROOT.resolve("self/stat"));
  }

  static java.util.Optional<Stat> stat(long pid) {
    try {
      return java.util.Optional.of(Stat.parse(Files.readString(ROOT.resolve(pid + "/stat"))));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** Every process now running. */
  static List<Stat> all() {
    List<Stat> out = new ArrayList<>();
    try (Stream<Path> list = Files.list(ROOT)) {
      list.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
          .forEach(n -> stat(Long.parseLong(n)).ifPresent(out::add));
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** Resident set size in kB (VmRSS), or empty once the process is gone. */
  static OptionalLong rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(ROOT.resolve(pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  static String cmdline(long pid) {
    try {
      return new String(Files.readAllBytes(ROOT.resolve(pid + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ')
          .trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** The whole machine from the first line of /proc/stat: {busy, total} ticks summed over all cores. */
  static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(ROOT.resolve("stat")).get(0).trim().split(" +");
      long total = 0;
      // user nice system idle iowait irq softirq steal (guest time is already inside user)
      for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** A "key: value" line of a /proc file such as meminfo or cpuinfo; empty when absent. */
  static String field(String file, String key) {
    try {
      for (String line : Files.readAllLines(ROOT.resolve(file))) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
          return line.substring(colon + 1).trim();
        }
      }
    } catch (IOException e) {
      return "";
    }
    return "";
  }

  static String read(String file) {
    try {
      return Files.readString(ROOT.resolve(file)).trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** The first pid in a pid file (PostgreSQL's postmaster.pid, Redis's pidfile). */
  static OptionalLong pidFile(Path file) {
    try {
      return OptionalLong.of(Long.parseLong(Files.readAllLines(file).get(0).trim()));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}

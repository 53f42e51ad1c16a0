package ledger.load.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of a server process on this machine, read from outside it: its Java heap in use
 * right after a full collection ({@code jcmd PID GC.run}, then {@code jcmd PID GC.heap_info}:
 * the live objects only), and its resident set ({@code VmRSS} of {@code /proc/PID/status}:
 * heap pages touched so far, metaspace, code, thread stacks, Netty's direct buffers).
 * The difference of two such readings, before and after opening N streams, is what the
 * streams hold on the server.
 */
public final class ServiceMemory {

  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+)\\s+kB");

  /** One reading, in KiB. */
  public record Reading(long liveHeapKb, long rssKb) {

    public Reading minus(Reading before) {
      return new Reading(liveHeapKb - before.liveHeapKb, rssKb - before.rssKb);
    }
  }

  private final long pid;
  private final Path jcmd;

  public ServiceMemory(long pid) {
    this.pid = pid;
    this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
  }

  public long pid() {
    return pid;
  }

  /** Blocking (a second or so): a full GC of the process, then its live heap and resident set. */
  public Reading read() {
    run("GC.run");
    return new Reading(liveHeapKb(run("GC.heap_info")), rssKb(pid));
  }

  static long rssKb(long pid) {
    try {
      Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
      if (!m.find()) {
        throw new ScenarioException("/proc/" + pid + "/status has no VmRSS line", null);
      }
      return Long.parseLong(m.group(1));
    } catch (IOException e) {
      throw new ScenarioException("cannot read /proc/" + pid + "/status (is the process on this machine?)", e);
    }
  }

  /** The live-heap figure of one {@code GC.heap_info} output (G1, Parallel and Serial all print "heap total .., used .."). */
  static long liveHeapKb(String heapInfo) {
    Matcher used = HEAP_USED.matcher(heapInfo);
    if (!used.find()) {
      throw new ScenarioException("no heap total/used line in: " + heapInfo.strip(), null);
    }
    return Long.parseLong(used.group(1));
  }

  private String run(String command) {
    try {
      Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new ScenarioException("jcmd " + pid + " " + command + " failed: " + out.strip(), null);
      }
      return out;
    } catch (IOException e) {
      throw new ScenarioException("cannot run " + jcmd + " (a JDK's jcmd is needed for --memory-pid)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScenarioException("interrupted while running jcmd", e);
    }
  }
}

package ledger.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The machine and the software the figures were measured on. */
public record Machine(int cores, String cpuModel, long memoryMb, String kernel, String os, String dataFileSystem,
               String java, String git, String loadBefore) {

  public static Machine describe(Path repo, Path dataDir) {
    String java = Tools.run(List.of("java", "-version"), Map.of(), null, Duration.ofSeconds(20)).text()
        .lines().map(String::trim).filter(l -> !l.isEmpty()).reduce((a, b) -> a + "; " + b).orElse("?");
    return new Machine(Runtime.getRuntime().availableProcessors(), Proc.field("cpuinfo", "model name"),
        parseKb(Proc.field("meminfo", "MemTotal")) / 1024, Proc.read("sys/kernel/osrelease"), osName(),
        fileSystem(dataDir), java, git(repo), Proc.read("loadavg"));
  }

  /** /proc/loadavg as it is now: the 1, 5 and 15 minute load averages, runnable/all, last pid. */
  public static String loadAverage() {
    return Proc.read("loadavg");
  }

  private static long parseKb(String value) {
    try {
      return Long.parseLong(value.replaceAll("[^0-9]", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String osName() {
    try {
      return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
          .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).findFirst().orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  /** The commit, and whether the working tree differs from it (read-only: no index refresh, no lock). */
  private static String git(Path repo) {
    Map<String, String> env = Map.of("GIT_OPTIONAL_LOCKS", "0");
    String commit = Tools.firstLine(List.of("git", "-C", repo.toString(), "rev-parse", "--short=12", "HEAD"), env);
    if (commit.isEmpty()) {
      return "unknown (not a git checkout)";
    }
    String subject = Tools.firstLine(List.of("git", "-C", repo.toString(), "log", "-1", "--format=%s"), env);
    long changed = Tools.run(List.of("git", "-C", repo.toString(), "status", "--porcelain", "--untracked-files=no"),
        env, null, Duration.ofSeconds(30)).text().lines().filter(l -> !l.isBlank()).count();
    return commit + " (" + subject + ")" + (changed == 0 ? "" : ", plus uncommitted changes in " + changed + " files");
  }

  /** The mount that holds the data folder: where PostgreSQL's fsyncs go. */
  private static String fileSystem(Path dir) {
    String best = "";
    String described = "unknown";
    String path = dir.toAbsolutePath().toString();
    for (String line : Proc.read("mounts").split("\n")) {
      String[] f = line.split(" ");
      if (f.length >= 3 && (path.startsWith(f[1].endsWith("/") ? f[1] : f[1] + "/") || path.equals(f[1]))
          && f[1].length() >= best.length()) {
        best = f[1];
        described = f[2] + " (" + f[0] + " on " + f[1] + ")";
      }
    }
    return described;
  }
}

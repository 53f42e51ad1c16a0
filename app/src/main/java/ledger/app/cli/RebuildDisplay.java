package ledger.app.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProgress.Phase;

/**
 * A full rebuild's progress as a person follows it: a bar redrawn in place on a terminal
 * (events/s, ETA), plain lines otherwise (a log, a pipe): one per phase and at most one a
 * second while replaying. Partitioned views are rebuilt partition by partition in parallel:
 * each line names its partition, and the bar follows the partition furthest behind.
 */
final class RebuildDisplay {

  private static final int BAR = 30;
  private static final long LINE_EVERY_MS = 1000;

  private final PrintWriter out;
  private final boolean terminal;
  /** Per partition, what its last line showed: the phase, and whether it had a writer. */
  private final Map<Integer, String> shown = new HashMap<>();
  private final Map<Integer, Long> lineAt = new HashMap<>();
  private final Map<Integer, RebuildProgress> latest = new TreeMap<>();
  private final Map<Integer, RebuildProgress> done = new TreeMap<>();
  private boolean barDrawn;

  RebuildDisplay(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void show(RebuildProgress progress) {
    if (progress.getPhase() == Phase.DONE) {
      done.put(progress.getPartition(), progress);
      return;
    }
    int partition = progress.getPartition();
    latest.put(partition, progress);
    if (terminal) {
      RebuildProgress slowest = latest.values().stream()
          .min((a, b) -> Integer.compare(shownPercent(a), shownPercent(b))).orElse(progress);
      out.print("\r" + label(slowest) + bar(slowest) + "   ");
      barDrawn = true;
      out.flush();
      return;
    }
    String state = progress.getPhase() + (progress.getNoWriter() ? " without a writer" : "");
    if (!state.equals(shown.get(partition))
        || progress.getElapsedMs() - lineAt.getOrDefault(partition, -LINE_EVERY_MS) >= LINE_EVERY_MS) {
      shown.put(partition, state);
      lineAt.put(partition, progress.getElapsedMs());
      out.println(label(progress) + line(progress));
      out.flush();
    }
  }

  /** What the rebuild did: of every view, or of each partition's views when they are partitioned. */
  String summary(RebuildProgress end) {
    String lead = barDrawn ? "\r" + (end == null ? "" : label(end) + bar(end)) + System.lineSeparator() : "";
    if (end == null || end.getPhase() != Phase.DONE) {
      return lead + "the rebuild ended before it was done";
    }
    if (end.getPartitions() <= 1) {
      return lead + summaryOf(end, "every view");
    }
    return lead + done.values().stream()
        .map(p -> summaryOf(p, "the views of partition " + p.getPartition() + " of " + p.getPartitions()))
        .collect(Collectors.joining(System.lineSeparator()));
  }

  private static String summaryOf(RebuildProgress end, String what) {
    if (end.getFollowedFromStore()) {
      // built by a writer in another process: this call saw its checkpoint, not its counts
      return String.format(Locale.ROOT, "rebuilt %s as generation %d, by its writer in another process, in %.1f s;"
          + " live at checkpoint %s", what, end.getGeneration(), end.getElapsedMs() / 1000.0, end.getCheckpoint());
    }
    return String.format(Locale.ROOT, "rebuilt %s as generation %d: %,d events replayed%s in %.1f s"
            + " (%,.0f events/s); live at checkpoint %s; %,d keys of the old generation removed", what,
        end.getGeneration(), end.getEventsReplayed(), end.getResumed() ? " (resumed)" : "", end.getElapsedMs() / 1000.0,
        end.getEventsPerSecond(), end.getCheckpoint(), end.getOldKeysRemoved());
  }

  private static String label(RebuildProgress p) {
    return p.getPartitions() > 1 ? "partition " + p.getPartition() + ": " : "";
  }

  private static String line(RebuildProgress p) {
    if (p.getNoWriter()) {
      return "no projection process writes this partition: its rebuild waits for one";
    }
    return String.format(Locale.ROOT, "%s generation %d: %,d events replayed (about %d%%), %,.0f events/s, %.1f s",
        phase(p.getPhase()), p.getGeneration(), p.getEventsReplayed(), percent(p), p.getEventsPerSecond(),
        p.getElapsedMs() / 1000.0);
  }

  private static int shownPercent(RebuildProgress p) {
    return p.getPhase() == Phase.DONE || p.getPhase() == Phase.SWITCHED ? 100 : percent(p);
  }

  private static String bar(RebuildProgress p) {
    int percent = shownPercent(p);
    int filled = percent * BAR / 100;
    return String.format(Locale.ROOT, "[%s%s] %3d%% %-11s %,d events, %,.0f events/s, ETA %s", "#".repeat(filled),
        ".".repeat(BAR - filled), percent, phase(p.getPhase()), p.getEventsReplayed(), p.getEventsPerSecond(), eta(p));
  }

  /** From where the new generation stands against the store's head when the rebuild began (positions). */
  private static int percent(RebuildProgress p) {
    long total = p.getEventsTotalEstimate();
    if (total <= 0) {
      return 0;
    }
    long at = position(p.getCheckpoint());
    return (int) Math.min(99, at * 100 / total);
  }

  private static String eta(RebuildProgress p) {
    long left = p.getEventsTotalEstimate() - position(p.getCheckpoint());
    if (p.getEventsPerSecond() <= 0 || left <= 0) {
      return "-";
    }
    long seconds = (long) Math.ceil(left / p.getEventsPerSecond());
    return seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
  }

  private static long position(String checkpoint) {
    int colon = checkpoint.indexOf(':');
    return colon < 0 ? 0 : Long.parseLong(checkpoint.substring(colon + 1));
  }

  private static String phase(Phase phase) {
    return switch (phase) {
      case REPLAYING -> "replaying";
      case CATCHING_UP -> "catching up";
      case SWITCHED -> "switched";
      case DONE -> "done";
      default -> phase.name().toLowerCase(Locale.ROOT);
    };
  }
}

package ledger.app.cli;

import java.io.PrintWriter;
import java.util.Locale;

import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProgress.Phase;

/**
 * A full rebuild's progress as a person follows it: a bar redrawn in place on a terminal
 * (events/s, ETA), plain lines otherwise (a log, a pipe): one per phase and at most one a
 * second while replaying.
 */
final class RebuildDisplay {

  private static final int BAR = 30;
  private static final long LINE_EVERY_MS = 1000;

  private final PrintWriter out;
  private final boolean terminal;
  private Phase shown;
  private long lineAt = -LINE_EVERY_MS;
  private boolean barDrawn;

  RebuildDisplay(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void show(RebuildProgress progress) {
    if (progress.getPhase() == Phase.DONE) {
      return;
    }
    if (terminal) {
      out.print("\r" + bar(progress) + "   ");
      barDrawn = true;
      out.flush();
      return;
    }
    if (progress.getPhase() != shown || progress.getElapsedMs() - lineAt >= LINE_EVERY_MS) {
      shown = progress.getPhase();
      lineAt = progress.getElapsedMs();
      out.println(line(progress));
      out.flush();
    }
  }

  String summary(RebuildProgress end) {
    String lead = barDrawn ? "\r" + bar(end) + System.lineSeparator() : "";
    if (end == null || end.getPhase() != Phase.DONE) {
      return lead + "the rebuild ended before it was done";
    }
    return lead + String.format(Locale.ROOT, "rebuilt every view as generation %d: %,d events replayed%s in %.1f s"
            + " (%,.0f events/s); live at checkpoint %s; %,d keys of the old generation removed", end.getGeneration(),
        end.getEventsReplayed(), end.getResumed() ? " (resumed)" : "", end.getElapsedMs() / 1000.0,
        end.getEventsPerSecond(), end.getCheckpoint(), end.getOldKeysRemoved());
  }

  private static String line(RebuildProgress p) {
    return String.format(Locale.ROOT, "%s generation %d: %,d events replayed (about %d%%), %,.0f events/s, %.1f s",
        phase(p.getPhase()), p.getGeneration(), p.getEventsReplayed(), percent(p), p.getEventsPerSecond(),
        p.getElapsedMs() / 1000.0);
  }

  private static String bar(RebuildProgress p) {
    int percent = p.getPhase() == Phase.DONE || p.getPhase() == Phase.SWITCHED ? 100 : percent(p);
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

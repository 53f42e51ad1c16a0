package ledger.app;

import static ledger.testkit.Waits.until;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The in-process server's log lines as they are written, for a test that needs the server's own view
 * of when something happened (each line's timestamp is taken on the server's thread as it logs).
 * {@link #capture()} also turns the call and stream DEBUG lines on; {@link #close()} restores them.
 */
final class ServerLog implements AutoCloseable {

  /** Loggers turned to DEBUG while capturing: the call's end line, and the stream sink's reset. */
  private static final List<String> DEBUG = List.of("ledger.grpc.CallLog", "ledger.grpc.StreamSink");

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final List<Level> levels = new ArrayList<>();

  private ServerLog() {
  }

  static ServerLog capture() {
    ServerLog log = new ServerLog();
    log.appender.start();
    // These loggers' lines (a DEBUG line per call) come here only, not to the console; every other line
    // of the process comes here through the root as well as to the console.
    for (String name : DEBUG) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      log.levels.add(logger.getLevel());
      logger.addAppender(log.appender);
      logger.setAdditive(false);
      logger.setLevel(Level.DEBUG);
    }
    log.root.addAppender(log.appender);
    return log;
  }

  /** The lines so far that {@code which} accepts. */
  List<ILoggingEvent> matching(Predicate<ILoggingEvent> which) {
    synchronized (appender) {
      return appender.list.stream().filter(which).toList();
    }
  }

  /** The one line {@code which} accepts, once it has been written (waits at most {@code limit}). */
  ILoggingEvent await(String what, Duration limit, Predicate<ILoggingEvent> which) {
    return until(what, limit, () -> matching(which), lines -> lines.size() == 1).get(0);
  }

  /** A line's key-value field, or null. */
  String value(ILoggingEvent event, String key) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null) {
      return null;
    }
    return pairs.stream().filter(pair -> pair.key.equals(key)).map(pair -> String.valueOf(pair.value)).findFirst()
        .orElse(null);
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    for (int i = 0; i < DEBUG.size(); i++) {
      Logger logger = (Logger) LoggerFactory.getLogger(DEBUG.get(i));
      logger.setLevel(levels.get(i));
      logger.setAdditive(true);
      logger.detachAppender(appender);
    }
    appender.stop();
  }
}

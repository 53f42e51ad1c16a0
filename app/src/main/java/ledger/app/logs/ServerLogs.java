package ledger.app.logs;

import java.net.URL;
import java.util.Locale;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import ch.qos.logback.core.util.StatusPrinter2;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code serve}'s log format and level. Logback configures itself from logback.xml when the
 * first logger is made, before picocli has read a flag, and the client keeps that configuration
 * (text at INFO, whatever the environment says). The server loads the same file again with its
 * choice as context properties, before it logs its first line, so every line it writes has one format.
 */
public final class ServerLogs {

  /** The context properties logback.xml reads; set only here. */
  static final String FORMAT_PROPERTY = "ledger.log.format";
  static final String LEVEL_PROPERTY = "ledger.log.level";

  private ServerLogs() {
  }

  public static void configure(LogFormat format, LogLevel level) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return; // another SLF4J provider (an embedding application's): its configuration is its own
    }
    URL file = ServerLogs.class.getClassLoader().getResource(ClassicConstants.AUTOCONFIG_FILE);
    if (file == null || !file.equals(ConfigurationWatchListUtil.getMainWatchURL(context))) {
      // Logback chose another file: an operator's own (-Dlogback.configurationFile), or a test's
      // logback-test.xml. It is theirs to keep, --log-format and --log-level included.
      return;
    }
    context.reset();
    context.putProperty(FORMAT_PROPERTY, format.name().toLowerCase(Locale.ROOT));
    context.putProperty(LEVEL_PROPERTY, level.name());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(file);
    } catch (JoranException e) {
      // Logback has recorded why; show it, as it does itself when its own start-up configuration fails.
      new StatusPrinter2().print(context);
    }
  }
}

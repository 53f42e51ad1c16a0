package ledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import ledger.app.Main;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * A backend URL that does not parse (a password with a character that should have been
 * percent-encoded, the usual slip) stops {@code ledger serve} with a message that names the URL
 * without its password: what the process prints on failure ends up in the logs.
 */
class BackendUrlSecretsTest {

  private static final String SECRET = "s3cr";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "command | postgresql://ledger:s3cr^t@127.0.0.1:1/ledger |  | ",
      "command | postgresql://ledger:s3cr^t pw@127.0.0.1:1/ledger?sslmode=verify-full |  | ",
      "query   | postgresql://ledger:fine@127.0.0.1:1/ledger | redis://:s3cr^t@127.0.0.1:1 | ",
      "query   | postgresql://ledger:fine@127.0.0.1:1/ledger | rediss://user:s3cr^t@127.0.0.1:1 | ",
      // a list of endpoints (Sentinel, Cluster): the first parses, a later one does not, or each does not
      "query   | postgresql://ledger:fine@127.0.0.1:1/ledger | redis://:fine@127.0.0.1:1,redis://:s3cr^t@127.0.0.1:2"
          + " | cluster",
      "query   | postgresql://ledger:fine@127.0.0.1:1/ledger | redis://:s3cr^t@127.0.0.1:1,redis://:s3cr^t@127.0.0.1:2"
          + " | sentinel",
      "query   | postgresql://ledger:fine@127.0.0.1:1/ledger | redis://:s3cr%t@127.0.0.1:1,redis://:s3cr%t@127.0.0.1:2"
          + " | cluster"})
  void a_url_that_does_not_parse_is_named_without_its_password(String roles, String pgUrl, String redisUrl,
      String redisMode) throws Exception {
    Path dataDir = Files.createTempDirectory("ledger-secrets-");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("serve", "--roles", roles,
        "--host", "127.0.0.1", "--grpc-port", "0", "--http-port", "0", "--data-dir", dataDir.toString(),
        "--pg-url", pgUrl));
    if (redisUrl != null) {
      args.addAll(java.util.List.of("--redis-url", redisUrl));
    }
    if (redisMode != null) {
      args.addAll(java.util.List.of("--redis-mode", redisMode));
    }
    int exit;
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream systemErr = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(systemErr, true));
    // A start that fails is a log line (with its stack trace), so that a JSON log stays JSON.
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    try {
      exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
          .execute(args.toArray(new String[0]));
    } finally {
      System.setErr(stderr);
      root.detachAppender(logged);
    }

    StringBuilder log = new StringBuilder();
    for (ILoggingEvent event : logged.list) {
      log.append(event.getFormattedMessage()).append('\n');
      for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
        log.append(cause.getClassName()).append(": ").append(cause.getMessage()).append('\n');
      }
    }
    String shown = out + "\n" + err + "\n" + systemErr + "\n" + log;
    assertThat(exit).isNotZero();
    assertThat(shown).contains("127.0.0.1").doesNotContain(SECRET);
  }
}

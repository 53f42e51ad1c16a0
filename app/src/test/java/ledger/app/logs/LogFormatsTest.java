package ledger.app.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The jar's logback.xml in each format, loaded into a context of the test's own (the test JVM's
 * logging is logback-test.xml's): what one line with an MDC entry, key-value pairs and an
 * exception looks like.
 */
class LogFormatsTest {

  @Test
  void json_puts_every_mdc_entry_and_key_value_pair_top_level_with_the_stack_trace() throws Exception {
    List<String> lines = written("json", "INFO");

    assertThat(lines).hasSize(1);
    JsonObject line = new JsonObject(lines.get(0));
    assertThat(line.fieldNames()).containsExactly("timestamp", "level", "logger", "thread", "message", "trace_id",
        "rpc", "duration_ms", "stack_trace");
    assertThat(line.getString("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z");
    assertThat(line.getString("level")).isEqualTo("ERROR");
    assertThat(line.getString("logger")).isEqualTo("ledger.test");
    assertThat(line.getString("message")).isEqualTo("Deposit failed unexpectedly");
    assertThat(line.getString("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(line.getString("rpc")).isEqualTo("Deposit");
    assertThat(line.getValue("duration_ms")).isEqualTo(12);
    assertThat(line.getString("stack_trace")).startsWith("java.lang.IllegalStateException: boom\n\tat ");
  }

  @Test
  void text_reads_as_before_with_the_key_value_pairs_after_the_message() throws Exception {
    List<String> lines = written("text", "INFO");

    assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR test - Deposit failed unexpectedly"
        + " rpc=\"Deposit\" duration_ms=\"12\"");
    assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(lines.get(2)).startsWith("\tat ");
  }

  @Test
  void a_line_without_fields_ends_with_its_message_and_the_level_filters() throws Exception {
    LoggerContext context = context("text", "WARN");
    String out = capture(() -> {
      Logger log = context.getLogger("ledger.test");
      log.info("not shown");
      log.warn("Lost the writer lock of the projection; standing by");
    });
    context.stop();

    assertThat(out.lines().toList()).singleElement().satisfies(line -> assertThat(line)
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  test - Lost the writer lock of the projection; standing by"));
  }

  @Test
  void the_start_and_stop_lines_are_written_whatever_the_level() throws Exception {
    LoggerContext context = context("text", "OFF");
    String out = capture(() -> {
      context.getLogger("ledger.test").error("not shown");
      context.getLogger(Lifecycle.class).info("Stopped.");
    });
    context.stop();

    assertThat(out.lines().toList()).singleElement().satisfies(line -> assertThat(line)
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Lifecycle - Stopped\\."));
  }

  private static List<String> written(String format, String level) throws Exception {
    LoggerContext context = context(format, level);
    String out = capture(() -> {
      context.getMDCAdapter().put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
      context.getLogger("ledger.test").atError().addKeyValue("rpc", "Deposit").addKeyValue("duration_ms", 12L)
          .setCause(new IllegalStateException("boom")).log("Deposit failed unexpectedly");
      context.getMDCAdapter().clear();
    });
    context.stop();
    return out.lines().toList();
  }

  private static LoggerContext context(String format, String level) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty(ServerLogs.FORMAT_PROPERTY, format);
    context.putProperty(ServerLogs.LEVEL_PROPERTY, level);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormatsTest.class.getClassLoader().getResource("logback.xml"));
    return context;
  }

  /** What {@code action} writes to System.out, where the console appender writes. */
  private static String capture(Runnable action) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}

package ledger.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

/**
 * The server's own logback.xml puts the trace id and span id into every line logged inside a
 * span (the MDC keys trace_id and span_id), and nothing into a line logged outside one.
 */
class TracedLogsTest {

  @Test
  void a_line_logged_inside_a_span_carries_its_trace_id_and_span_id() throws Exception {
    LoggerContext logging = new LoggerContext();
    // what SLF4J's LogbackServiceProvider gives the context it makes for the process
    logging.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(logging);
    URL config = TracedLogsTest.class.getResource("/logback.xml");
    configurator.doConfigure(config);
    @SuppressWarnings("unchecked")
    AppenderAttachable<ILoggingEvent> traced = (AppenderAttachable<ILoggingEvent>)
        logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("TRACED");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.setContext(logging);
    lines.start();
    traced.addAppender(lines);
    SdkTracerProvider tracers = SdkTracerProvider.builder().build();
    Span span = tracers.get("test").spanBuilder("call").startSpan();

    try (Scope inside = span.makeCurrent()) {
      logging.getLogger("ledger.test").info("inside");
    } finally {
      span.end();
    }
    logging.getLogger("ledger.test").info("outside");

    assertThat(lines.list).hasSize(2);
    assertThat(lines.list.get(0).getMDCPropertyMap())
        .containsEntry("trace_id", span.getSpanContext().getTraceId())
        .containsEntry("span_id", span.getSpanContext().getSpanId());
    assertThat(lines.list.get(1).getMDCPropertyMap()).doesNotContainKey("trace_id");
    tracers.close();
    logging.stop();
  }
}

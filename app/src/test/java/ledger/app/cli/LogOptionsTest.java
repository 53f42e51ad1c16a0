package ledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import ledger.app.Main;
import ledger.app.logs.LogFormat;
import ledger.app.logs.LogLevel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve --log-format} and {@code --log-level}: either case, and a misspelt value refused with the list. */
class LogOptionsTest {

  @Test
  void text_at_info_by_default_and_either_case_is_taken() {
    LogOptions defaults = parsed();
    assertThat(defaults.format).isEqualTo(LogFormat.TEXT);
    assertThat(defaults.level).isEqualTo(LogLevel.INFO);

    LogOptions given = parsed("--log-format", "JSON", "--log-level", "debug");
    assertThat(given.format).isEqualTo(LogFormat.JSON);
    assertThat(given.level).isEqualTo(LogLevel.DEBUG);
  }

  @Test
  void a_misspelt_format_or_level_is_a_usage_error_naming_the_choices() {
    assertThat(refusal("--log-format", "yaml")).contains("--log-format", "expected one of [text, json], got 'yaml'");
    assertThat(refusal("--log-level", "verbose"))
        .contains("--log-level", "expected one of [trace, debug, info, warn, error, off], got 'verbose'");
  }

  private static LogOptions parsed(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.logs;
  }

  private static String refusal(String... args) {
    StringWriter err = new StringWriter();
    String[] command = new String[args.length + 1];
    command[0] = "serve";
    System.arraycopy(args, 0, command, 1, args.length);
    assertThat(Main.commandLine().setErr(new PrintWriter(err, true)).execute(command))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    return err.toString();
  }
}

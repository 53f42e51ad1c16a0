package ledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import ledger.app.Main;
import picocli.CommandLine;

/** {@code ledger serve} as the option tests run it: parsed, or refused as a usage error. */
final class ServeArgs {

  private ServeArgs() {
  }

  /** The command after parsing {@code ARGS}, to read its configuration. */
  static ServeCommand parsed(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve;
  }

  /** What {@code ledger serve ARGS} prints on stderr, after checking it exits with picocli's usage-error code. */
  static String refusal(String... args) {
    StringWriter err = new StringWriter();
    CommandLine ledger = Main.commandLine().setErr(new PrintWriter(err, true));
    String[] command = new String[args.length + 1];
    command[0] = "serve";
    System.arraycopy(args, 0, command, 1, args.length);
    assertThat(ledger.execute(command)).as(err.toString()).isEqualTo(CommandLine.ExitCode.USAGE);
    return err.toString();
  }
}

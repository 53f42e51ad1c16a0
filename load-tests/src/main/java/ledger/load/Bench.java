package ledger.load;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import ledger.load.cli.PairsCommand;
import ledger.load.cli.RunCommand;
import ledger.load.cli.SetupCommand;
import ledger.load.cli.StreamLagCommand;
import ledger.load.cli.ValidateCommand;
import ledger.load.config.ConfigException;
import ledger.load.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./ledger bench}: the load runner. Plays ghz configs and the scenarios ghz cannot express. */
@Command(name = "bench",
    mixinStandardHelpOptions = true,
    version = "ledger bench 0.1.0",
    description = {
        "Load runner for the ledger.",
        "Plays ghz config files (the same fields and template functions, a ghz-style summary, JSON and HTML "
            + "reports) and the scenarios ghz cannot express. Start a server first (./ledger serve) and create the "
            + "accounts the scenarios use (bench setup). See load-tests/README.md.",
        ""},
    subcommands = {
        RunCommand.class,
        SetupCommand.class,
        PairsCommand.class,
        StreamLagCommand.class,
        ValidateCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Bench implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code without exiting (tests call this). */
  public static int run(String... args) {
    return new CommandLine(new Bench())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (e instanceof ConfigException || e instanceof ScenarioException) {
            cmd.getErr().println("bench " + cmd.getCommandName() + ": " + e.getMessage());
            return 2;
          }
          throw e;
        })
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

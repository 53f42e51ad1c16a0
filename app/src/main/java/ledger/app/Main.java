package ledger.app;

import ledger.app.cli.BalanceCommand;
import ledger.app.cli.CloseCommand;
import ledger.app.cli.DepositCommand;
import ledger.app.cli.FreezeCommand;
import ledger.app.cli.HistoryCommand;
import ledger.app.cli.MigrateCommand;
import ledger.app.cli.OpenCommand;
import ledger.app.cli.RebuildCommand;
import ledger.app.cli.ServeCommand;
import ledger.app.cli.StatusCommand;
import ledger.app.cli.TransferCommand;
import ledger.app.cli.UnfreezeCommand;
import ledger.app.cli.VerifyCommand;
import ledger.app.cli.WatchCommand;
import ledger.app.cli.WithdrawCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./ledger}: the server ({@code serve}) and the command-line client (everything else). */
@Command(name = "ledger",
    mixinStandardHelpOptions = true,
    version = "ledger 0.1.0",
    description = "An event-sourced account ledger served over gRPC.%n"
        + "Run `ledger serve` in one terminal, then try the client commands in another.",
    subcommands = {
        ServeCommand.class,
        MigrateCommand.class,
        OpenCommand.class,
        DepositCommand.class,
        WithdrawCommand.class,
        TransferCommand.class,
        BalanceCommand.class,
        HistoryCommand.class,
        WatchCommand.class,
        FreezeCommand.class,
        UnfreezeCommand.class,
        CloseCommand.class,
        StatusCommand.class,
        RebuildCommand.class,
        VerifyCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code, without exiting (tests call this). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line {@code ./ledger} runs, for callers that capture its output (the README tour test). */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

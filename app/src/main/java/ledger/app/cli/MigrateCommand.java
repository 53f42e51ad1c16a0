package ledger.app.cli;

import java.util.concurrent.Callable;

import ledger.app.server.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ledger migrate}: applies pending schema migrations and exits (the Kubernetes Job ledger-migrate). */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {
        "Brings the PostgreSQL schema up to date and exits: 0 when it is, non-zero with the reason when not.",
        "Run it before new roles roll out when they run with --migrate=false (docs/kubernetes.md)."})
public final class MigrateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--pg-url", defaultValue = "${env:LEDGER_PG_URL}",
      description = "PostgreSQL to migrate, e.g. postgresql://user:pass@host:5432/ledger?sslmode=verify-full"
          + "&sslrootcert=/ca.pem; TLS as for serve (env LEDGER_PG_URL).")
  String pgUrl;

  @Override
  public Integer call() {
    if (pgUrl == null || pgUrl.isBlank()) {
      throw new ParameterException(spec.commandLine(), "migrate needs --pg-url or LEDGER_PG_URL");
    }
    int applied;
    try {
      applied = Migrations.apply(pgUrl);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (RuntimeException e) {
      // worded for the operator (the TLS check says why a handshake failed); a Job's log shows this line
      spec.commandLine().getErr().println("Migration failed: " + e.getMessage());
      return 1;
    }
    spec.commandLine().getOut().printf("Schema up to date: %d migration(s) applied now.%n", applied);
    spec.commandLine().getOut().flush();
    return 0;
  }
}

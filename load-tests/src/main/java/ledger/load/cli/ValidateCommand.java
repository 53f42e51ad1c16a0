package ledger.load.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import ledger.load.config.ConfigException;
import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.load.config.Overrides;
import ledger.load.runner.ScenarioValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bench validate *.json}: do these ghz configs fit the server? */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Checks ghz config files against a running server, without load.",
        "Each file parses, its call is served (looked up through reflection v1 and v1alpha; ghz uses one of them), "
            + "every field its data names exists in the request message, and the first request renders and encodes.",
        ""})
public final class ValidateCommand implements Callable<Integer> {

  @Parameters(paramLabel = "CONFIG", arity = "1..*", description = "ghz JSON configs.")
  List<Path> configs;

  @Option(names = "--host", paramLabel = "HOST:PORT", description = "The server, instead of each file's host.")
  String host;

  @Mixin
  ConnectionOptions connection;

  @Override
  public Integer call() {
    int bad = 0;
    try (ScenarioValidator validator = new ScenarioValidator()) {
      for (Path file : configs) {
        List<String> problems;
        String what = "";
        try {
          GhzConfig config = connection.apply(GhzConfigParser.parse(file).with(new Overrides(host, null, null, null,
              null, null, null, null, null)));
          ScenarioValidator.Verdict verdict = validator.check(config);
          problems = verdict.problems();
          what = verdict.description();
        } catch (ConfigException e) {
          problems = List.of(e.getMessage());
        }
        if (problems.isEmpty()) {
          System.out.println("ok    " + file + "  " + what);
        } else {
          bad++;
          System.out.println("FAIL  " + file);
          problems.forEach(p -> System.out.println("      " + p));
        }
      }
    }
    return bad == 0 ? 0 : 1;
  }
}

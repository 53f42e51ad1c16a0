package ledger.k8s;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ledger.app.Main;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a {@code ./ledger} subcommand accepts, read from picocli's model of the application's own
 * command classes: its flags, and the environment variables named in their default values
 * ({@code ${env:LEDGER_X:-default}}). The manifests are checked against these, not a copy.
 */
record CliOptions(String command, Set<String> flags, Set<String> environment, Map<String, String> defaults) {

  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
  private static final Pattern FALLBACK = Pattern.compile("^\\$\\{env:[A-Z0-9_]+:-(.*)}$");

  /** The default of {@code flag} when neither it nor its environment variable is given. */
  String fallback(String flag) {
    String value = defaults.get(flag);
    if (value == null) {
      throw new IllegalArgumentException("./ledger " + command + " has no default for " + flag);
    }
    return value;
  }

  /** The subcommands of {@code ./ledger} by name. */
  static Map<String, CommandLine> subcommands() {
    return Main.commandLine().getSubcommands();
  }

  /** The options of {@code ./ledger <command>}; null when there is no such subcommand. */
  static CliOptions of(String command) {
    CommandLine line = subcommands().get(command);
    if (line == null) {
      return null;
    }
    // the raw default values, ${env:...} included, not what this JVM's environment makes of them
    line.setInterpolateVariables(false);
    Set<String> flags = new TreeSet<>();
    Set<String> environment = new TreeSet<>();
    Map<String, String> defaults = new TreeMap<>();
    for (OptionSpec option : line.getCommandSpec().options()) {
      flags.addAll(Set.of(option.names()));
      if (option.defaultValue() != null) {
        Matcher env = ENV.matcher(option.defaultValue());
        while (env.find()) {
          environment.add(env.group(1));
        }
        Matcher fallback = FALLBACK.matcher(option.defaultValue());
        for (String name : option.names()) {
          defaults.put(name, fallback.matches() ? fallback.group(1) : option.defaultValue());
        }
      }
    }
    return new CliOptions(command, flags, environment, defaults);
  }
}

package ledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The README's "Configuration" table lists every {@code serve} option, and nothing that is not one. */
class ConfigurationTableTest {

  private static final Path README = Path.of("..", "README.md");
  private static final Pattern ROW = Pattern.compile("^\\| `(--[a-z-]+)` \\| `(LEDGER_[A-Z_]+)` \\|", Pattern.MULTILINE);
  private static final Pattern ENV = Pattern.compile("\\$\\{env:(LEDGER_[A-Z_]+)");

  @Test
  void every_serve_option_is_a_row_of_the_readme_table_with_its_environment_variable() throws IOException {
    assertThat(readmeRows()).isEqualTo(serveOptions());
  }

  /** Flag to environment variable, as {@code ledger serve} declares them (--help and --version come from picocli). */
  private static Map<String, String> serveOptions() {
    Map<String, String> options = new TreeMap<>();
    addOptions(ServeCommand.class, options);
    return options;
  }

  /** The options a class declares, and those of its {@code @Mixin}s (each part of issue 9 brings its own). */
  private static void addOptions(Class<?> type, Map<String, String> options) {
    for (Field field : type.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option != null) {
        Matcher env = ENV.matcher(option.defaultValue());
        options.put(option.names()[0], env.find() ? env.group(1) : "(none)");
      }
      if (field.isAnnotationPresent(Mixin.class)) {
        addOptions(field.getType(), options);
      }
    }
  }

  /** Flag to environment variable, as the README's table documents them. */
  private static Map<String, String> readmeRows() throws IOException {
    String readme = Files.readString(README);
    String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("### Why these defaults"));
    Map<String, String> rows = new TreeMap<>();
    Matcher row = ROW.matcher(table);
    while (row.find()) {
      rows.put(row.group(1), row.group(2));
    }
    return rows;
  }
}

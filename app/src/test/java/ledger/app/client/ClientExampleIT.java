package ledger.app.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ledger.app.ServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** client/README.md's example is the code of {@link ClientExample}, and it runs against a real ledger. */
class ClientExampleIT {

  private static final Path README = Path.of("..", "client", "README.md");
  private static final Path SOURCE = Path.of("src", "test", "java", "ledger", "app", "client", "ClientExample.java");

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  @Test
  void the_example_runs_and_prints_what_the_readme_says() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ClientExample.run("127.0.0.1:" + fixture.grpcPort, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "alice has 1250 EUR",
        "refused: 1250 available, 10000 asked",
        "the next service sees 1250");
  }

  @Test
  void the_readme_shows_the_example_as_compiled() throws IOException {
    String source = Files.readString(SOURCE);
    Matcher region = Pattern.compile("// README:begin\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL).matcher(source);
    assertThat(region.find()).as("markers in " + SOURCE).isTrue();
    Matcher block = Pattern.compile("<!-- example: ClientExample -->\\s*```java\\n(.*?)\\n```", Pattern.DOTALL)
        .matcher(Files.readString(README));
    assertThat(block.find()).as("the example block in " + README).isTrue();

    assertThat(dedent(block.group(1))).isEqualTo(dedent(region.group(1)));
  }

  /** The lines without their common indentation (the README's block starts at column 0). */
  private static List<String> dedent(String text) {
    List<String> lines = text.lines().toList();
    int indent = lines.stream().filter(line -> !line.isBlank())
        .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
    return lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).toList();
  }
}

package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ledger.domain.Reason;
import ledger.grpc.ErrorCodes;
import org.junit.jupiter.api.Test;

/** The README's error table says what the code does: every reason, under the status code it is sent with. */
class ErrorTableTest {

  private static final Path README = Path.of("..", "README.md");
  private static final String HEADER = "| code | reasons |";
  private static final Pattern NAME = Pattern.compile("`([A-Z_]+)`");

  @Test
  void the_readme_error_table_lists_every_reason_under_its_status_code() throws IOException {
    Map<String, Set<String>> inCode = Arrays.stream(Reason.values()).collect(Collectors.groupingBy(
        reason -> ErrorCodes.statusOf(reason).name(), TreeMap::new,
        Collectors.mapping(Reason::name, Collectors.toCollection(TreeSet::new))));

    assertThat(readmeTable())
        .as("README.md's error table (after \"%s\") against ledger.domain.Reason and ledger.grpc.ErrorCodes;"
            + " update the README's table to match the code", HEADER)
        .isEqualTo(inCode);
  }

  /** Each row: the code in the first column, every `NAME` in the second. */
  private static Map<String, Set<String>> readmeTable() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int header = lines.indexOf(HEADER);
    assertThat(header).as("%s has a line \"%s\"", README, HEADER).isNotNegative();
    Map<String, Set<String>> table = new TreeMap<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|");
      String code = cells[1].trim().replace("`", "");
      Set<String> reasons = new TreeSet<>();
      Matcher names = NAME.matcher(cells[2]);
      while (names.find()) {
        reasons.add(names.group(1));
      }
      table.put(code, reasons);
    }
    return table;
  }
}

package ledger.app.cli;

import static ledger.app.cli.ServeArgs.refusal;
import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --max-message-size} reaches the server's limits, and a value outside its range stops the server. */
class MessageSizeOptionsTest {

  @Test
  void max_message_size_defaults_to_four_mebibytes_and_takes_the_flag() {
    assertThat(limit()).isEqualTo(4L * 1024 * 1024);
    assertThat(limit("--max-message-size", "65536")).isEqualTo(65_536);
  }

  @Test
  void max_message_size_outside_one_byte_to_a_gigabyte_is_a_usage_error() {
    assertThat(refusal("--max-message-size", "0"))
        .startsWith("--max-message-size must be between 1 and 1073741824 bytes, got 0");
    assertThat(refusal("--max-message-size", "1073741825"))
        .startsWith("--max-message-size must be between 1 and 1073741824 bytes, got 1073741825");
  }

  private static long limit(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.config().security().limits().maxMessageBytes();
  }

}

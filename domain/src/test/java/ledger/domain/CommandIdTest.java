package ledger.domain;

import static ledger.domain.InvalidInput.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"c", "cmd-1", "7f1c.2b:aa_09"})
  void a_command_id_of_allowed_characters_is_valid(String value) {
    assertThat(CommandId.of(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "cmd 1", "cmd#1", "é", "{}"})
  void a_command_id_with_anything_else_is_invalid(String value) {
    assertRejected(() -> CommandId.of(value), Reason.INVALID_COMMAND_ID);
  }

  @Test
  void a_command_id_of_128_characters_is_valid() {
    assertThat(CommandId.of("c".repeat(128)).value()).hasSize(128);
  }

  @Test
  void a_command_id_of_129_characters_is_invalid() {
    assertRejected(() -> CommandId.of("c".repeat(129)), Reason.INVALID_COMMAND_ID);
  }
}

package ledger.load.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallNameTest {

  @Test
  void reads_the_dotted_spelling() {
    CallName call = CallName.parse("ledger.v1.CommandService.Deposit");
    assertThat(call.service()).isEqualTo("ledger.v1.CommandService");
    assertThat(call.method()).isEqualTo("Deposit");
    assertThat(call.fullMethodName()).isEqualTo("ledger.v1.CommandService/Deposit");
  }

  @Test
  void reads_the_slash_spelling_as_the_same_call() {
    assertThat(CallName.parse("ledger.v1.CommandService/Deposit"))
        .isEqualTo(CallName.parse("ledger.v1.CommandService.Deposit"));
  }

  @Test
  void refuses_names_without_a_service_or_a_method() {
    assertThatThrownBy(() -> CallName.parse("Deposit")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> CallName.parse("ledger.v1.CommandService/")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> CallName.parse("/Deposit")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> CallName.parse("a/b/c")).isInstanceOf(ConfigException.class);
  }
}

package ledger.domain;

import static ledger.domain.InvalidInput.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AccountIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "acc-1", "ACC_2", "org:team.acct-9"})
  void an_account_id_of_allowed_characters_is_valid(String value) {
    assertThat(AccountId.of(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "acc 1", " acc", "acc\n", "ä", "аcc", "{", "acc{1}", "acc/1", "acc#1", "acc,1", "acc;1", "acc@1", "acc[1", "acc`1", "acc^1"})
  void an_account_id_with_anything_else_is_invalid(String value) {
    assertRejected(() -> AccountId.of(value), Reason.INVALID_ACCOUNT_ID);
  }

  @Test
  void an_account_id_of_64_characters_is_valid() {
    assertThat(AccountId.of("a".repeat(64)).value()).hasSize(64);
  }

  @Test
  void an_account_id_of_65_characters_is_invalid() {
    assertRejected(() -> AccountId.of("a".repeat(65)), Reason.INVALID_ACCOUNT_ID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"b", "a-z", "ab"})
  void account_ids_sort_by_their_text(String later) {
    assertThat(AccountId.of("a")).isLessThan(AccountId.of(later));
  }
}

package ledger.domain;

import static ledger.domain.InvalidInput.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CurrencyTest {

  @ParameterizedTest
  @ValueSource(strings = {"USD", "EUR", "JPY"})
  void an_upper_case_iso_code_is_a_currency(String code) {
    assertThat(Currency.of(code).code()).isEqualTo(code);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"usd", "Usd", "US", "USDD", "ABC", "U5D", " USD"})
  void anything_else_is_an_invalid_currency(String code) {
    assertRejected(() -> Currency.of(code), Reason.INVALID_CURRENCY);
  }

  @ParameterizedTest
  @CsvSource({"USD, 2", "EUR, 2", "JPY, 0", "BHD, 3", "XAU, 0"})
  void minor_digits_follow_the_iso_table_and_are_never_negative(String code, int digits) {
    assertThat(Currency.of(code).minorDigits()).isEqualTo(digits);
  }
}

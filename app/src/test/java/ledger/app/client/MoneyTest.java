package ledger.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  @ParameterizedTest
  @CsvSource({"12.50,2,1250", "12.5,2,1250", "12,2,1200", "0.01,2,1", "7,0,7", "1.234,3,1234", "9223372036854775.807,3,9223372036854775807"})
  void decimals_become_minor_units(String text, int digits, long minor) {
    assertThat(Money.parse(text, digits)).isEqualTo(minor);
  }

  @ParameterizedTest
  @CsvSource({"1250,2,12.50", "1,2,0.01", "-5,2,-0.05", "7,0,7", "0,2,0.00"})
  void minor_units_print_as_decimals(long minor, int digits, String text) {
    assertThat(Money.format(minor, digits)).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.001", "abc", "", "1e400", "99999999999999999999"})
  void what_cannot_be_an_amount_is_refused(String text) {
    assertThatThrownBy(() -> Money.parse(text, 2)).isInstanceOf(IllegalArgumentException.class);
  }
}

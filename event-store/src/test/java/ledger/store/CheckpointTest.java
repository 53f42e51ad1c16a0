package ledger.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {

  @Test
  void a_later_transaction_comes_after_even_with_a_lower_position() {
    Checkpoint earlier = new Checkpoint(5, 100);
    Checkpoint later = new Checkpoint(6, 1);

    assertThat(later).isGreaterThan(earlier);
    assertThat(later.isAfter(earlier)).isTrue();
    assertThat(earlier.isAfter(later)).isFalse();
  }

  @Test
  void within_one_transaction_checkpoints_are_ordered_by_position() {
    assertThat(new Checkpoint(5, 2)).isGreaterThan(new Checkpoint(5, 1));
  }

  @Test
  void a_checkpoint_is_not_after_itself() {
    Checkpoint point = new Checkpoint(5, 2);

    assertThat(point.isAfter(new Checkpoint(5, 2))).isFalse();
    assertThat(point).isEqualByComparingTo(new Checkpoint(5, 2));
  }

  @Test
  void sorting_puts_checkpoints_in_commit_order() {
    List<Checkpoint> commitOrder = List.of(
        new Checkpoint(1, 3), new Checkpoint(2, 1), new Checkpoint(2, 7), new Checkpoint(3, 2));
    List<Checkpoint> shuffled = new ArrayList<>(commitOrder);
    Collections.reverse(shuffled);

    Collections.sort(shuffled);

    assertThat(shuffled).isEqualTo(commitOrder);
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 0", "1, 1", "9223372036854775807, 9223372036854775807"})
  void start_is_before_everything(long transactionId, long globalPosition) {
    Checkpoint point = new Checkpoint(transactionId, globalPosition);

    assertThat(Checkpoint.START).isLessThan(point);
    assertThat(point.isAfter(Checkpoint.START)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "12, 345", "9223372036854775807, 9223372036854775807"})
  void a_checkpoint_survives_encoding_and_parsing(long transactionId, long globalPosition) {
    Checkpoint point = new Checkpoint(transactionId, globalPosition);

    assertThat(point.encode()).isEqualTo(transactionId + ":" + globalPosition);
    assertThat(Checkpoint.parse(point.encode())).isEqualTo(point);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12", "12:", ":345", "a:b", "1:2:3"})
  void a_malformed_checkpoint_is_refused(String text) {
    assertThatThrownBy(() -> Checkpoint.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}

package ledger.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that building a value or command fails with the given machine-readable reason. */
final class InvalidInput {

  private InvalidInput() {
  }

  static void assertRejected(ThrowingCallable building, Reason reason) {
    assertThatThrownBy(building)
        .isInstanceOf(InvalidInputException.class)
        .extracting(thrown -> ((InvalidInputException) thrown).rejection().reason())
        .isEqualTo(reason);
  }
}

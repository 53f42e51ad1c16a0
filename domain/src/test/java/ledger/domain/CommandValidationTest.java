package ledger.domain;

import static ledger.domain.AccountExamples.ACCOUNT;
import static ledger.domain.AccountExamples.MAX;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.TransferExamples.PAYEE;
import static ledger.domain.TransferExamples.PAYER;
import static ledger.domain.InvalidInput.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import ledger.domain.AccountCommand.Deposit;
import ledger.domain.AccountCommand.FreezeAccount;
import ledger.domain.AccountCommand.OpenAccount;
import ledger.domain.AccountCommand.UnfreezeAccount;
import ledger.domain.AccountCommand.Withdraw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a command checks on its own, before any account state is consulted. */
class CommandValidationTest {

  private static Deposit deposit(long amount, String reference) {
    return new Deposit(ACCOUNT, amount, USD, reference, OptionalLong.empty());
  }

  private static Withdraw withdraw(long amount, String reference) {
    return new Withdraw(ACCOUNT, amount, USD, reference, OptionalLong.empty());
  }

  private static Transfer transfer(long amount, String reference) {
    return new Transfer(PAYER, PAYEE, amount, USD, reference);
  }

  private static FreezeAccount freeze(String reason) {
    return new FreezeAccount(ACCOUNT, reason, OptionalLong.empty());
  }

  private static UnfreezeAccount unfreeze(String reason) {
    return new UnfreezeAccount(ACCOUNT, reason, OptionalLong.empty());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE, MAX + 1, Long.MAX_VALUE})
  void an_amount_outside_one_to_the_maximum_is_invalid(long amount) {
    assertRejected(() -> deposit(amount, ""), Reason.INVALID_AMOUNT);
    assertRejected(() -> withdraw(amount, ""), Reason.INVALID_AMOUNT);
    assertRejected(() -> transfer(amount, ""), Reason.INVALID_AMOUNT);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, MAX})
  void an_amount_from_one_to_the_maximum_is_valid(long amount) {
    assertThat(deposit(amount, "").amountMinor()).isEqualTo(amount);
    assertThat(withdraw(amount, "").amountMinor()).isEqualTo(amount);
    assertThat(transfer(amount, "").amountMinor()).isEqualTo(amount);
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, Long.MIN_VALUE, MAX + 1})
  void an_overdraft_limit_outside_zero_to_the_maximum_is_invalid(long limit) {
    assertRejected(() -> new OpenAccount(ACCOUNT, USD, limit), Reason.INVALID_OVERDRAFT_LIMIT);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, MAX})
  void an_overdraft_limit_from_zero_to_the_maximum_is_valid(long limit) {
    assertThat(new OpenAccount(ACCOUNT, USD, limit).overdraftLimitMinor()).isEqualTo(limit);
  }

  @Test
  void a_reference_of_256_characters_is_valid() {
    String reference = "r".repeat(256);
    assertThat(deposit(1, reference).reference()).isEqualTo(reference);
  }

  @Test
  void a_reference_longer_than_256_characters_is_invalid() {
    String reference = "r".repeat(257);
    assertRejected(() -> deposit(1, reference), Reason.INVALID_REFERENCE);
    assertRejected(() -> withdraw(1, reference), Reason.INVALID_REFERENCE);
    assertRejected(() -> transfer(1, reference), Reason.INVALID_REFERENCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"line\nbreak", "tab\there", "nul\u0000", "del\u007f", "next\u0085line"})
  void a_reference_with_control_characters_is_invalid(String reference) {
    assertRejected(() -> deposit(1, reference), Reason.INVALID_REFERENCE);
    assertRejected(() -> withdraw(1, reference), Reason.INVALID_REFERENCE);
    assertRejected(() -> transfer(1, reference), Reason.INVALID_REFERENCE);
  }

  @Test
  void a_missing_reference_becomes_empty() {
    assertThat(deposit(1, null).reference()).isEmpty();
    assertThat(withdraw(1, null).reference()).isEmpty();
    assertThat(transfer(1, null).reference()).isEmpty();
  }

  @Test
  void a_transfer_to_the_paying_account_itself_is_invalid() {
    assertRejected(() -> new Transfer(PAYER, PAYER, 1, USD, ""), Reason.SELF_TRANSFER);
  }

  @Test
  void a_self_transfer_is_reported_even_when_the_amount_is_also_invalid() {
    assertRejected(() -> new Transfer(PAYER, AccountId.of(PAYER.value()), 0, USD, ""), Reason.SELF_TRANSFER);
  }

  @Test
  void a_reason_of_256_characters_is_valid() {
    String reason = "r".repeat(256);
    assertThat(freeze(reason).reason()).isEqualTo(reason);
    assertThat(unfreeze(reason).reason()).isEqualTo(reason);
  }

  @Test
  void a_reason_longer_than_256_characters_is_invalid() {
    String reason = "r".repeat(257);
    assertRejected(() -> freeze(reason), Reason.INVALID_REASON);
    assertRejected(() -> unfreeze(reason), Reason.INVALID_REASON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"line\nbreak", "tab\there", "nul\u0000", "del\u007f", "next\u0085line"})
  void a_reason_with_control_characters_is_invalid(String reason) {
    assertRejected(() -> freeze(reason), Reason.INVALID_REASON);
    assertRejected(() -> unfreeze(reason), Reason.INVALID_REASON);
  }

  @Test
  void a_missing_reason_becomes_empty() {
    assertThat(freeze(null).reason()).isEmpty();
    assertThat(unfreeze(null).reason()).isEmpty();
  }
}

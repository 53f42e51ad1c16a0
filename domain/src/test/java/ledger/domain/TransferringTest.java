package ledger.domain;

import static ledger.domain.AccountExamples.EUR;
import static ledger.domain.AccountExamples.MAX;
import static ledger.domain.AccountExamples.REASON;
import static ledger.domain.AccountExamples.USD;
import static ledger.domain.AccountExamples.closed;
import static ledger.domain.AccountExamples.deposited;
import static ledger.domain.AccountExamples.frozen;
import static ledger.domain.AccountExamples.opened;
import static ledger.domain.AccountExamples.unfrozen;
import static ledger.domain.AccountExamples.withdrawn;
import static ledger.domain.TransferExamples.received;
import static ledger.domain.TransferExamples.sent;
import static ledger.domain.TransferExamples.transfer;
import static ledger.domain.TransferSpecification.givenPayer;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TransferringTest {

  /** Nine deposits of the largest amount: 9 * 10^18, within 2.2 * 10^17 of Long.MAX_VALUE. */
  private static final AccountEvent[] NEARLY_FULL = {
      opened(USD),
      deposited(MAX, MAX), deposited(MAX, 2 * MAX), deposited(MAX, 3 * MAX),
      deposited(MAX, 4 * MAX), deposited(MAX, 5 * MAX), deposited(MAX, 6 * MAX),
      deposited(MAX, 7 * MAX), deposited(MAX, 8 * MAX), deposited(MAX, 9 * MAX)};

  private static final long ROOM_LEFT = Long.MAX_VALUE - 9 * MAX;

  private static final Map<String, String> NAMES_THE_PAYER = Map.of("account_id", "acc-1");
  private static final Map<String, String> NAMES_THE_PAYEE = Map.of("account_id", "acc-2");

  @Test
  void a_transfer_records_each_accounts_balance_after_it() {
    givenPayer(opened(USD), deposited(100, 100))
        .andPayee(opened(USD), deposited(50, 50))
        .whenTransferring(transfer(30))
        .then(sent(30, 70), received(30, 80));
  }

  @Test
  void transferring_the_whole_balance_is_accepted() {
    givenPayer(opened(USD), deposited(100, 100))
        .andPayee(opened(USD))
        .whenTransferring(transfer(100))
        .then(sent(100, 0), received(100, 100));
  }

  @Test
  void transferring_exactly_to_the_payers_overdraft_limit_is_accepted() {
    givenPayer(opened(USD, 500), deposited(100, 100))
        .andPayee(opened(USD))
        .whenTransferring(transfer(600))
        .then(sent(600, -500), received(600, 600));
  }

  @Test
  void transferring_past_the_payers_overdraft_limit_is_refused() {
    givenPayer(opened(USD, 500), deposited(100, 100))
        .andPayee(opened(USD))
        .whenTransferring(transfer(601))
        .thenRejected(Reason.INSUFFICIENT_FUNDS)
        .withDetails(Map.of("account_id", "acc-1",
            "balance_minor", "100",
            "overdraft_limit_minor", "500",
            "available_minor", "600",
            "amount_minor", "601"));
  }

  @Test
  void the_payees_overdraft_does_not_lend_to_the_payer() {
    givenPayer(opened(USD), deposited(100, 100))
        .andPayee(opened(USD, 10_000))
        .whenTransferring(transfer(101))
        .thenRejected(Reason.INSUFFICIENT_FUNDS)
        .withDetails(Map.of("account_id", "acc-1",
            "balance_minor", "100",
            "overdraft_limit_minor", "0",
            "available_minor", "100",
            "amount_minor", "101"));
  }

  @Test
  void transferring_from_an_account_that_does_not_exist_is_refused() {
    givenPayer()
        .andPayee(opened(USD))
        .whenTransferring(transfer(10))
        .thenRejected(Reason.ACCOUNT_NOT_FOUND)
        .withDetails(NAMES_THE_PAYER);
  }

  @Test
  void transferring_to_an_account_that_does_not_exist_is_refused() {
    givenPayer(opened(USD), deposited(100, 100))
        .andPayee()
        .whenTransferring(transfer(10))
        .thenRejected(Reason.ACCOUNT_NOT_FOUND)
        .withDetails(NAMES_THE_PAYEE);
  }

  @Test
  void when_neither_account_exists_the_payer_is_named() {
    givenPayer()
        .andPayee()
        .whenTransferring(transfer(10))
        .thenRejected(Reason.ACCOUNT_NOT_FOUND)
        .withDetails(NAMES_THE_PAYER);
  }

  @Test
  void transferring_from_a_frozen_account_is_refused() {
    givenPayer(opened(USD), deposited(100, 100), frozen(REASON))
        .andPayee(opened(USD))
        .whenTransferring(transfer(10))
        .thenRejected(Reason.ACCOUNT_FROZEN)
        .withDetails(NAMES_THE_PAYER);
  }

  @Test
  void transferring_to_a_frozen_account_is_refused() {
    givenPayer(opened(USD), deposited(100, 100))
        .andPayee(opened(USD), frozen(REASON))
        .whenTransferring(transfer(10))
        .thenRejected(Reason.ACCOUNT_FROZEN)
        .withDetails(NAMES_THE_PAYEE);
  }

  @Test
  void transferring_between_unfrozen_accounts_is_accepted() {
    givenPayer(opened(USD), deposited(100, 100), frozen(REASON), unfrozen("cleared"))
        .andPayee(opened(USD), frozen(REASON), unfrozen("cleared"))
        .whenTransferring(transfer(10))
        .then(sent(10, 90), received(10, 10));
  }

  @Test
  void transferring_from_a_closed_account_is_refused() {
    givenPayer(opened(USD), closed())
        .andPayee(opened(USD))
        .whenTransferring(transfer(10))
        .thenRejected(Reason.ACCOUNT_CLOSED)
        .withDetails(NAMES_THE_PAYER);
  }

  @Test
  void transferring_to_a_closed_account_is_refused() {
    givenPayer(opened(USD), deposited(100, 100))
        .andPayee(opened(USD), closed())
        .whenTransferring(transfer(10))
        .thenRejected(Reason.ACCOUNT_CLOSED)
        .withDetails(NAMES_THE_PAYEE);
  }

  @Test
  void transferring_a_currency_the_payer_does_not_hold_is_refused() {
    givenPayer(opened(EUR))
        .andPayee(opened(USD))
        .whenTransferring(transfer(10))
        .thenRejected(Reason.CURRENCY_MISMATCH)
        .withDetails(Map.of("account_id", "acc-1", "account_currency", "EUR", "requested_currency", "USD"));
  }

  @Test
  void transferring_a_currency_the_payee_does_not_hold_is_refused() {
    givenPayer(opened(USD), deposited(100, 100))
        .andPayee(opened(EUR))
        .whenTransferring(transfer(10))
        .thenRejected(Reason.CURRENCY_MISMATCH)
        .withDetails(Map.of("account_id", "acc-2", "account_currency", "EUR", "requested_currency", "USD"));
  }

  @Test
  void transferring_up_to_the_payees_largest_balance_is_accepted() {
    givenPayer(opened(USD), deposited(ROOM_LEFT, ROOM_LEFT))
        .andPayee(NEARLY_FULL)
        .whenTransferring(transfer(ROOM_LEFT))
        .then(sent(ROOM_LEFT, 0), received(ROOM_LEFT, Long.MAX_VALUE));
  }

  @Test
  void transferring_past_the_payees_largest_balance_is_refused_as_an_overflow() {
    givenPayer(opened(USD), deposited(ROOM_LEFT + 1, ROOM_LEFT + 1))
        .andPayee(NEARLY_FULL)
        .whenTransferring(transfer(ROOM_LEFT + 1))
        .thenRejected(Reason.BALANCE_OVERFLOW)
        .withDetails(Map.of("account_id", "acc-2",
            "balance_minor", Long.toString(9 * MAX),
            "amount_minor", Long.toString(ROOM_LEFT + 1)));
  }

  @Test
  void a_payer_who_cannot_pay_is_reported_before_a_payee_who_cannot_hold_it() {
    givenPayer(opened(USD))
        .andPayee(NEARLY_FULL)
        .whenTransferring(transfer(ROOM_LEFT + 1))
        .thenRejected(Reason.INSUFFICIENT_FUNDS);
  }

  @Test
  void an_overdrawn_payee_is_credited_towards_zero() {
    givenPayer(opened(USD), deposited(100, 100))
        .andPayee(opened(USD, 500), withdrawn(300, -300))
        .whenTransferring(transfer(100))
        .then(sent(100, 0), received(100, -200));
  }
}

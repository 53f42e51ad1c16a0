package ledger.command;

import static ledger.command.Requests.close;
import static ledger.command.Requests.deposit;
import static ledger.command.Requests.freeze;
import static ledger.command.Requests.open;
import static ledger.command.Requests.transfer;
import static ledger.command.Requests.unfreeze;
import static ledger.command.Requests.withdraw;
import static ledger.command.Versions.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import io.vertx.grpc.common.GrpcStatus;
import ledger.command.CommandClient.Kind;
import ledger.command.LedgerTables.Counts;
import ledger.grpc.ErrorDetails;
import ledger.testkit.Reply;
import ledger.v1.CommandResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of DESIGN §3's error table that each CommandService rpc can hit (OpenAccount,
 * Deposit, Withdraw, Transfer, FreezeAccount, UnfreezeAccount, CloseAccount): the status
 * code, the ErrorInfo reason and facts, a human message, the same for a Vert.x and a
 * grpc-java caller, and nothing appended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandRejectionsIT {

  /** USD, overdraft 100; after setup at version 3 with balance 510. */
  private static final String HOLDER = "holder-usd";
  /** USD, balance 9 * 10^18: one more maximal deposit overflows a long. */
  private static final String RICH = "holder-rich";
  /** The command id of HOLDER's version 3: a 10 USD deposit. */
  private static final String USED = "setup-used";
  /** USD, opened empty, then paid 100 by FUNDER. */
  private static final String PAYEE = "payee-usd";
  /** USD, 1000 deposited, 100 of it sent to PAYEE by the transfer USED_TRANSFER. */
  private static final String FUNDER = "funder-usd";
  private static final String USED_TRANSFER = "setup-used-transfer";
  /** EUR, balance 100. */
  private static final String EURO = "holder-eur";
  /** USD, balance 50, frozen at version 3. */
  private static final String FROZEN = "holder-frozen";
  /** USD, closed at zero balance, version 2. */
  private static final String CLOSED = "holder-closed";
  /** USD, balance 10^18: enough to pay RICH into overflow. */
  private static final String WHALE = "holder-whale";
  private static final long MAX_AMOUNT = 1_000_000_000_000_000_000L;

  private final AtomicInteger commandIds = new AtomicInteger();
  @RegisterExtension
  static final LedgerFixture ledger = new LedgerFixture();
  private CommandClient vertx;
  private CommandClient grpcJava;

  /** One way to be refused; {@code call} gets a client and a command id no accepted command has used. */
  record Row(String name, GrpcStatus status, String reason, Map<String, String> facts,
             BiFunction<CommandClient, String, Reply<CommandResult>> call) {

    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  void start() {
    CommandNode node = ledger.startNode();
    vertx = ledger.client(Kind.VERTX, node);
    grpcJava = ledger.client(Kind.GRPC_JAVA, node);
    accept(vertx.openAccount(open("setup-open-usd", HOLDER, "USD", 100)));
    accept(vertx.deposit(deposit("setup-deposit-usd", HOLDER, 500, "USD")));
    accept(vertx.deposit(deposit(USED, HOLDER, 10, "USD")));
    accept(grpcJava.openAccount(open("setup-open-rich", RICH, "USD", 0)));
    for (int i = 0; i < 9; i++) {
      accept(grpcJava.deposit(deposit("setup-deposit-rich-" + i, RICH, MAX_AMOUNT, "USD")));
    }
    accept(vertx.openAccount(open("setup-open-payee", PAYEE, "USD", 0)));
    accept(grpcJava.openAccount(open("setup-open-funder", FUNDER, "USD", 0)));
    accept(vertx.deposit(deposit("setup-deposit-funder", FUNDER, 1_000, "USD")));
    accept(grpcJava.transfer(transfer(USED_TRANSFER, FUNDER, PAYEE, 100, "USD")));
    accept(vertx.openAccount(open("setup-open-eur", EURO, "EUR", 0)));
    accept(grpcJava.deposit(deposit("setup-deposit-eur", EURO, 100, "EUR")));
    accept(vertx.openAccount(open("setup-open-frozen", FROZEN, "USD", 0)));
    accept(vertx.deposit(deposit("setup-deposit-frozen", FROZEN, 50, "USD")));
    assertThat(versionOf(grpcJava.freezeAccount(freeze("setup-freeze", FROZEN)), FROZEN)).isEqualTo(3);
    accept(grpcJava.openAccount(open("setup-open-closed", CLOSED, "USD", 0)));
    assertThat(versionOf(vertx.closeAccount(close("setup-close", CLOSED)), CLOSED)).isEqualTo(2);
    accept(vertx.openAccount(open("setup-open-whale", WHALE, "USD", 0)));
    accept(grpcJava.deposit(deposit("setup-deposit-whale", WHALE, MAX_AMOUNT, "USD")));
  }

  static List<Row> rejections() {
    List<Row> rows = new ArrayList<>(singleAccountRejections());
    rows.addAll(transferRejections());
    rows.addAll(freezeAndCloseRejections());
    return rows;
  }

  /** OpenAccount, Deposit and Withdraw. */
  static List<Row> singleAccountRejections() {
    String longAccount = "a".repeat(65);
    String longCommand = "c".repeat(129);
    String longReference = "r".repeat(257);
    GrpcStatus invalid = GrpcStatus.INVALID_ARGUMENT;
    GrpcStatus failed = GrpcStatus.FAILED_PRECONDITION;
    return List.of(
        // malformed account_id
        row("open_with_an_empty_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.openAccount(open(id, "", "USD", 0))),
        row("open_with_a_65_character_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.openAccount(open(id, longAccount, "USD", 0))),
        row("open_with_a_space_in_the_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.openAccount(open(id, "new account", "USD", 0))),
        row("open_with_unicode_in_the_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.openAccount(open(id, "kontø-1", "USD", 0))),
        row("deposit_to_an_empty_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.deposit(deposit(id, "", 1, "USD"))),
        row("deposit_to_a_65_character_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.deposit(deposit(id, longAccount, 1, "USD"))),
        row("deposit_to_an_account_id_with_a_space", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.deposit(deposit(id, "holder usd", 1, "USD"))),
        row("deposit_to_an_account_id_in_unicode", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.deposit(deposit(id, "账户", 1, "USD"))),
        row("withdraw_from_an_empty_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.withdraw(withdraw(id, "", 1, "USD"))),
        row("withdraw_from_a_65_character_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.withdraw(withdraw(id, longAccount, 1, "USD"))),
        row("withdraw_from_an_account_id_with_a_space", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.withdraw(withdraw(id, " " + HOLDER, 1, "USD"))),
        row("withdraw_from_an_account_id_in_unicode", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.withdraw(withdraw(id, "hölder", 1, "USD"))),
        // malformed command_id
        row("open_with_an_empty_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.openAccount(open("", "fresh-" + id, "USD", 0))),
        row("open_with_a_129_character_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.openAccount(open(longCommand, "fresh-" + id, "USD", 0))),
        row("deposit_with_an_empty_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.deposit(deposit("", HOLDER, 1, "USD"))),
        row("deposit_with_a_129_character_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.deposit(deposit(longCommand, HOLDER, 1, "USD"))),
        row("withdraw_with_an_empty_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.withdraw(withdraw("", HOLDER, 1, "USD"))),
        row("withdraw_with_a_129_character_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.withdraw(withdraw(longCommand, HOLDER, 1, "USD"))),
        row("withdraw_with_a_slash_in_the_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.withdraw(withdraw(id + "/1", HOLDER, 1, "USD"))),
        // amounts
        row("deposit_of_zero", invalid, "INVALID_AMOUNT", (c, id) -> c.deposit(deposit(id, HOLDER, 0, "USD"))),
        row("deposit_of_a_negative_amount", invalid, "INVALID_AMOUNT",
            (c, id) -> c.deposit(deposit(id, HOLDER, -1, "USD"))),
        row("deposit_of_the_most_negative_long", invalid, "INVALID_AMOUNT",
            (c, id) -> c.deposit(deposit(id, HOLDER, Long.MIN_VALUE, "USD"))),
        row("deposit_above_10_to_the_18", invalid, "INVALID_AMOUNT",
            (c, id) -> c.deposit(deposit(id, HOLDER, MAX_AMOUNT + 1, "USD"))),
        row("withdraw_of_zero", invalid, "INVALID_AMOUNT", (c, id) -> c.withdraw(withdraw(id, HOLDER, 0, "USD"))),
        row("withdraw_of_a_negative_amount", invalid, "INVALID_AMOUNT",
            (c, id) -> c.withdraw(withdraw(id, HOLDER, -5, "USD"))),
        row("withdraw_above_10_to_the_18", invalid, "INVALID_AMOUNT",
            (c, id) -> c.withdraw(withdraw(id, HOLDER, Long.MAX_VALUE, "USD"))),
        // currencies
        row("open_in_lower_case_usd", invalid, "INVALID_CURRENCY",
            (c, id) -> c.openAccount(open(id, "fresh-" + id, "usd", 0))),
        row("open_in_a_two_letter_currency", invalid, "INVALID_CURRENCY",
            (c, id) -> c.openAccount(open(id, "fresh-" + id, "US", 0))),
        row("open_in_a_currency_that_is_not_iso_4217", invalid, "INVALID_CURRENCY",
            (c, id) -> c.openAccount(open(id, "fresh-" + id, "XYZ", 0))),
        row("open_without_a_currency", invalid, "INVALID_CURRENCY",
            (c, id) -> c.openAccount(open(id, "fresh-" + id, "", 0))),
        row("deposit_in_lower_case_usd", invalid, "INVALID_CURRENCY",
            (c, id) -> c.deposit(deposit(id, HOLDER, 1, "usd"))),
        row("deposit_in_a_currency_that_is_not_iso_4217", invalid, "INVALID_CURRENCY",
            (c, id) -> c.deposit(deposit(id, HOLDER, 1, "XYZ"))),
        row("withdraw_in_a_two_letter_currency", invalid, "INVALID_CURRENCY",
            (c, id) -> c.withdraw(withdraw(id, HOLDER, 1, "US"))),
        // overdraft limit and reference
        row("open_with_a_negative_overdraft_limit", invalid, "INVALID_OVERDRAFT_LIMIT",
            (c, id) -> c.openAccount(open(id, "fresh-" + id, "USD", -1))),
        row("open_with_an_overdraft_limit_above_10_to_the_18", invalid, "INVALID_OVERDRAFT_LIMIT",
            (c, id) -> c.openAccount(open(id, "fresh-" + id, "USD", MAX_AMOUNT + 1))),
        row("deposit_with_a_257_character_reference", invalid, "INVALID_REFERENCE",
            (c, id) -> c.deposit(deposit(id, HOLDER, 1, "USD").toBuilder().setReference(longReference).build())),
        row("withdraw_with_a_257_character_reference", invalid, "INVALID_REFERENCE",
            (c, id) -> c.withdraw(withdraw(id, HOLDER, 1, "USD").toBuilder().setReference(longReference).build())),
        row("deposit_with_a_control_character_in_the_reference", invalid, "INVALID_REFERENCE",
            (c, id) -> c.deposit(deposit(id, HOLDER, 1, "USD").toBuilder().setReference("line\nbreak").build())),
        // the account's state
        row("deposit_that_would_overflow_the_balance", invalid, "BALANCE_OVERFLOW",
            Map.of("balance_minor", "9000000000000000000", "amount_minor", Long.toString(MAX_AMOUNT)),
            (c, id) -> c.deposit(deposit(id, RICH, MAX_AMOUNT, "USD"))),
        row("deposit_to_an_unknown_account", GrpcStatus.NOT_FOUND, "ACCOUNT_NOT_FOUND",
            (c, id) -> c.deposit(deposit(id, "nobody-" + id, 1, "USD"))),
        row("withdraw_from_an_unknown_account", GrpcStatus.NOT_FOUND, "ACCOUNT_NOT_FOUND",
            (c, id) -> c.withdraw(withdraw(id, "nobody-" + id, 1, "USD"))),
        row("open_an_existing_account_under_another_command_id", GrpcStatus.ALREADY_EXISTS, "ACCOUNT_ALREADY_EXISTS",
            (c, id) -> c.openAccount(open(id, HOLDER, "USD", 100))),
        row("open_an_existing_account_in_another_currency", GrpcStatus.ALREADY_EXISTS, "ACCOUNT_ALREADY_EXISTS",
            (c, id) -> c.openAccount(open(id, HOLDER, "EUR", 0))),
        row("withdraw_more_than_balance_plus_overdraft", failed, "INSUFFICIENT_FUNDS",
            Map.of("available_minor", "610", "balance_minor", "510", "overdraft_limit_minor", "100",
                "amount_minor", "611"),
            (c, id) -> c.withdraw(withdraw(id, HOLDER, 611, "USD"))),
        row("deposit_in_another_currency_than_the_account", failed, "CURRENCY_MISMATCH",
            Map.of("account_currency", "USD", "requested_currency", "EUR"),
            (c, id) -> c.deposit(deposit(id, HOLDER, 1, "EUR"))),
        row("withdraw_in_another_currency_than_the_account", failed, "CURRENCY_MISMATCH",
            Map.of("account_currency", "USD", "requested_currency", "GBP"),
            (c, id) -> c.withdraw(withdraw(id, HOLDER, 1, "GBP"))),
        row("deposit_expecting_an_older_version", GrpcStatus.ABORTED, "VERSION_MISMATCH",
            Map.of("expected_version", "2", "actual_version", "3"),
            (c, id) -> c.deposit(deposit(id, HOLDER, 1, "USD").toBuilder().setExpectedVersion(2).build())),
        row("withdraw_expecting_a_future_version", GrpcStatus.ABORTED, "VERSION_MISMATCH",
            Map.of("expected_version", "4", "actual_version", "3"),
            (c, id) -> c.withdraw(withdraw(id, HOLDER, 1, "USD").toBuilder().setExpectedVersion(4).build())),
        row("deposit_expecting_version_zero_of_an_open_account", GrpcStatus.ABORTED, "VERSION_MISMATCH",
            Map.of("expected_version", "0", "actual_version", "3"),
            (c, id) -> c.deposit(deposit(id, HOLDER, 1, "USD").toBuilder().setExpectedVersion(0).build())),
        // command_id reused for a different request
        row("deposit_reusing_a_command_id_with_another_amount", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.deposit(deposit(USED, HOLDER, 11, "USD"))),
        row("deposit_reusing_a_command_id_with_another_reference", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.deposit(deposit(USED, HOLDER, 10, "USD").toBuilder().setReference("other").build())),
        row("withdraw_reusing_the_command_id_of_a_deposit_with_the_same_fields", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.withdraw(withdraw(USED, HOLDER, 10, "USD"))),
        row("open_of_a_new_account_reusing_a_command_id", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.openAccount(open(USED, "fresh-" + id, "USD", 0))),
        row("deposit_to_an_unknown_account_reusing_a_command_id", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.deposit(deposit(USED, "nobody-" + id, 10, "USD"))),
        // frozen and closed accounts take no debit and no credit
        row("deposit_to_a_frozen_account", failed, "ACCOUNT_FROZEN", Map.of("account_id", FROZEN),
            (c, id) -> c.deposit(deposit(id, FROZEN, 1, "USD"))),
        row("withdraw_from_a_frozen_account", failed, "ACCOUNT_FROZEN", Map.of("account_id", FROZEN),
            (c, id) -> c.withdraw(withdraw(id, FROZEN, 1, "USD"))),
        row("deposit_to_a_closed_account", failed, "ACCOUNT_CLOSED", Map.of("account_id", CLOSED),
            (c, id) -> c.deposit(deposit(id, CLOSED, 1, "USD"))),
        row("withdraw_from_a_closed_account", failed, "ACCOUNT_CLOSED", Map.of("account_id", CLOSED),
            (c, id) -> c.withdraw(withdraw(id, CLOSED, 1, "USD"))),
        row("open_a_closed_account_again", GrpcStatus.ALREADY_EXISTS, "ACCOUNT_ALREADY_EXISTS",
            Map.of("account_id", CLOSED), (c, id) -> c.openAccount(open(id, CLOSED, "USD", 0))),
        // command_id reused by another rpc
        row("deposit_reusing_the_command_id_of_a_transfer", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.deposit(deposit(USED_TRANSFER, PAYEE, 100, "USD"))),
        row("open_of_a_new_account_reusing_the_command_id_of_a_transfer", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.openAccount(open(USED_TRANSFER, "fresh-" + id, "USD", 0))));
  }

  static List<Row> transferRejections() {
    GrpcStatus invalid = GrpcStatus.INVALID_ARGUMENT;
    GrpcStatus failed = GrpcStatus.FAILED_PRECONDITION;
    GrpcStatus notFound = GrpcStatus.NOT_FOUND;
    return List.of(
        // malformed ids
        row("transfer_from_an_empty_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.transfer(transfer(id, "", PAYEE, 1, "USD"))),
        row("transfer_to_an_empty_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.transfer(transfer(id, HOLDER, "", 1, "USD"))),
        row("transfer_from_a_65_character_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.transfer(transfer(id, "a".repeat(65), PAYEE, 1, "USD"))),
        row("transfer_to_a_65_character_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.transfer(transfer(id, HOLDER, "a".repeat(65), 1, "USD"))),
        row("transfer_from_an_account_id_with_a_space", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.transfer(transfer(id, "holder usd", PAYEE, 1, "USD"))),
        row("transfer_to_an_account_id_in_unicode", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.transfer(transfer(id, HOLDER, "payée", 1, "USD"))),
        row("transfer_with_an_empty_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.transfer(transfer("", HOLDER, PAYEE, 1, "USD"))),
        row("transfer_with_a_129_character_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.transfer(transfer("c".repeat(129), HOLDER, PAYEE, 1, "USD"))),
        row("transfer_from_an_account_to_itself", invalid, "SELF_TRANSFER",
            (c, id) -> c.transfer(transfer(id, HOLDER, HOLDER, 1, "USD"))),
        // amounts, currencies, reference
        row("transfer_of_zero", invalid, "INVALID_AMOUNT", (c, id) -> c.transfer(transfer(id, HOLDER, PAYEE, 0, "USD"))),
        row("transfer_of_a_negative_amount", invalid, "INVALID_AMOUNT",
            (c, id) -> c.transfer(transfer(id, HOLDER, PAYEE, -10, "USD"))),
        row("transfer_of_the_most_negative_long", invalid, "INVALID_AMOUNT",
            (c, id) -> c.transfer(transfer(id, HOLDER, PAYEE, Long.MIN_VALUE, "USD"))),
        row("transfer_above_10_to_the_18", invalid, "INVALID_AMOUNT",
            (c, id) -> c.transfer(transfer(id, WHALE, PAYEE, MAX_AMOUNT + 1, "USD"))),
        row("transfer_in_lower_case_usd", invalid, "INVALID_CURRENCY",
            (c, id) -> c.transfer(transfer(id, HOLDER, PAYEE, 1, "usd"))),
        row("transfer_in_a_currency_that_is_not_iso_4217", invalid, "INVALID_CURRENCY",
            (c, id) -> c.transfer(transfer(id, HOLDER, PAYEE, 1, "XYZ"))),
        row("transfer_without_a_currency", invalid, "INVALID_CURRENCY",
            (c, id) -> c.transfer(transfer(id, HOLDER, PAYEE, 1, ""))),
        row("transfer_with_a_257_character_reference", invalid, "INVALID_REFERENCE",
            (c, id) -> c.transfer(transfer(id, HOLDER, PAYEE, 1, "USD").toBuilder()
                .setReference("r".repeat(257)).build())),
        // the accounts' states
        row("transfer_from_an_unknown_account", notFound, "ACCOUNT_NOT_FOUND", Map.of("account_id", "nobody-payer"),
            (c, id) -> c.transfer(transfer(id, "nobody-payer", PAYEE, 1, "USD"))),
        row("transfer_to_an_unknown_account", notFound, "ACCOUNT_NOT_FOUND", Map.of("account_id", "nobody-payee"),
            (c, id) -> c.transfer(transfer(id, HOLDER, "nobody-payee", 1, "USD"))),
        row("transfer_between_two_unknown_accounts_names_the_payer", notFound, "ACCOUNT_NOT_FOUND",
            Map.of("account_id", "nobody-payer"),
            (c, id) -> c.transfer(transfer(id, "nobody-payer", "nobody-payee", 1, "USD"))),
        row("transfer_of_more_than_the_payer_has_plus_overdraft", failed, "INSUFFICIENT_FUNDS",
            Map.of("account_id", HOLDER, "available_minor", "610", "balance_minor", "510",
                "overdraft_limit_minor", "100", "amount_minor", "611"),
            (c, id) -> c.transfer(transfer(id, HOLDER, PAYEE, 611, "USD"))),
        row("transfer_that_would_overflow_the_payees_balance", invalid, "BALANCE_OVERFLOW",
            Map.of("account_id", RICH, "balance_minor", "9000000000000000000", "amount_minor", Long.toString(MAX_AMOUNT)),
            (c, id) -> c.transfer(transfer(id, WHALE, RICH, MAX_AMOUNT, "USD"))),
        row("transfer_in_another_currency_than_the_payer", failed, "CURRENCY_MISMATCH",
            Map.of("account_id", HOLDER, "account_currency", "USD", "requested_currency", "EUR"),
            (c, id) -> c.transfer(transfer(id, HOLDER, EURO, 1, "EUR"))),
        row("transfer_in_another_currency_than_the_payee", failed, "CURRENCY_MISMATCH",
            Map.of("account_id", EURO, "account_currency", "EUR", "requested_currency", "USD"),
            (c, id) -> c.transfer(transfer(id, HOLDER, EURO, 1, "USD"))),
        row("transfer_from_a_frozen_account", failed, "ACCOUNT_FROZEN", Map.of("account_id", FROZEN),
            (c, id) -> c.transfer(transfer(id, FROZEN, PAYEE, 1, "USD"))),
        row("transfer_to_a_frozen_account", failed, "ACCOUNT_FROZEN", Map.of("account_id", FROZEN),
            (c, id) -> c.transfer(transfer(id, HOLDER, FROZEN, 1, "USD"))),
        row("transfer_from_a_closed_account", failed, "ACCOUNT_CLOSED", Map.of("account_id", CLOSED),
            (c, id) -> c.transfer(transfer(id, CLOSED, PAYEE, 1, "USD"))),
        row("transfer_to_a_closed_account", failed, "ACCOUNT_CLOSED", Map.of("account_id", CLOSED),
            (c, id) -> c.transfer(transfer(id, HOLDER, CLOSED, 1, "USD"))),
        // command_id reused
        row("transfer_reusing_the_command_id_of_a_deposit", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.transfer(transfer(USED, HOLDER, PAYEE, 10, "USD"))),
        row("transfer_reusing_a_transfer_command_id_with_another_amount", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.transfer(transfer(USED_TRANSFER, FUNDER, PAYEE, 101, "USD"))),
        row("transfer_reusing_a_transfer_command_id_in_the_other_direction", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.transfer(transfer(USED_TRANSFER, PAYEE, FUNDER, 100, "USD"))));
  }

  static List<Row> freezeAndCloseRejections() {
    GrpcStatus invalid = GrpcStatus.INVALID_ARGUMENT;
    GrpcStatus failed = GrpcStatus.FAILED_PRECONDITION;
    GrpcStatus notFound = GrpcStatus.NOT_FOUND;
    GrpcStatus aborted = GrpcStatus.ABORTED;
    String longReason = "r".repeat(257);
    return List.of(
        // malformed ids and reasons
        row("freeze_an_empty_account_id", invalid, "INVALID_ACCOUNT_ID", (c, id) -> c.freezeAccount(freeze(id, ""))),
        row("unfreeze_a_65_character_account_id", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.unfreezeAccount(unfreeze(id, "a".repeat(65)))),
        row("close_an_account_id_with_a_space", invalid, "INVALID_ACCOUNT_ID",
            (c, id) -> c.closeAccount(close(id, "holder usd"))),
        row("freeze_with_an_empty_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.freezeAccount(freeze("", HOLDER))),
        row("unfreeze_with_a_129_character_command_id", invalid, "INVALID_COMMAND_ID",
            (c, id) -> c.unfreezeAccount(unfreeze("c".repeat(129), FROZEN))),
        row("close_with_an_empty_command_id", invalid, "INVALID_COMMAND_ID", (c, id) -> c.closeAccount(close("", HOLDER))),
        row("freeze_with_a_257_character_reason", invalid, "INVALID_REASON",
            (c, id) -> c.freezeAccount(freeze(id, HOLDER).toBuilder().setReason(longReason).build())),
        row("unfreeze_with_a_257_character_reason", invalid, "INVALID_REASON",
            (c, id) -> c.unfreezeAccount(unfreeze(id, FROZEN).toBuilder().setReason(longReason).build())),
        row("freeze_with_a_control_character_in_the_reason", invalid, "INVALID_REASON",
            (c, id) -> c.freezeAccount(freeze(id, HOLDER).toBuilder().setReason("tab\there").build())),
        // unknown and closed accounts
        row("freeze_an_unknown_account", notFound, "ACCOUNT_NOT_FOUND", Map.of("account_id", "nobody-to-freeze"),
            (c, id) -> c.freezeAccount(freeze(id, "nobody-to-freeze"))),
        row("unfreeze_an_unknown_account", notFound, "ACCOUNT_NOT_FOUND", Map.of("account_id", "nobody-to-unfreeze"),
            (c, id) -> c.unfreezeAccount(unfreeze(id, "nobody-to-unfreeze"))),
        row("close_an_unknown_account", notFound, "ACCOUNT_NOT_FOUND", Map.of("account_id", "nobody-to-close"),
            (c, id) -> c.closeAccount(close(id, "nobody-to-close"))),
        row("freeze_a_closed_account", failed, "ACCOUNT_CLOSED", Map.of("account_id", CLOSED),
            (c, id) -> c.freezeAccount(freeze(id, CLOSED))),
        row("unfreeze_a_closed_account", failed, "ACCOUNT_CLOSED", Map.of("account_id", CLOSED),
            (c, id) -> c.unfreezeAccount(unfreeze(id, CLOSED))),
        // closing
        row("close_an_account_holding_money", failed, "NON_ZERO_BALANCE",
            Map.of("account_id", HOLDER, "balance_minor", "510"), (c, id) -> c.closeAccount(close(id, HOLDER))),
        row("close_a_frozen_account", failed, "ACCOUNT_FROZEN", Map.of("account_id", FROZEN),
            (c, id) -> c.closeAccount(close(id, FROZEN))),
        // expected versions
        row("freeze_expecting_an_older_version", aborted, "VERSION_MISMATCH",
            Map.of("account_id", HOLDER, "expected_version", "2", "actual_version", "3"),
            (c, id) -> c.freezeAccount(freeze(id, HOLDER).toBuilder().setExpectedVersion(2).build())),
        row("unfreeze_expecting_a_future_version", aborted, "VERSION_MISMATCH",
            Map.of("account_id", FROZEN, "expected_version", "4", "actual_version", "3"),
            (c, id) -> c.unfreezeAccount(unfreeze(id, FROZEN).toBuilder().setExpectedVersion(4).build())),
        row("close_expecting_an_older_version", aborted, "VERSION_MISMATCH",
            Map.of("account_id", HOLDER, "expected_version", "1", "actual_version", "3"),
            (c, id) -> c.closeAccount(close(id, HOLDER).toBuilder().setExpectedVersion(1).build())),
        row("freeze_of_a_frozen_account_expecting_an_older_version", aborted, "VERSION_MISMATCH",
            Map.of("account_id", FROZEN, "expected_version", "2", "actual_version", "3"),
            (c, id) -> c.freezeAccount(freeze(id, FROZEN).toBuilder().setExpectedVersion(2).build())),
        // command_id reused by another rpc
        row("freeze_reusing_the_command_id_of_a_deposit", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.freezeAccount(freeze(USED, HOLDER))),
        row("unfreeze_of_an_open_account_reusing_the_command_id_of_a_deposit", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.unfreezeAccount(unfreeze(USED, HOLDER))),
        row("close_reusing_the_command_id_of_a_deposit", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.closeAccount(close(USED, HOLDER))),
        row("freeze_reusing_the_command_id_of_a_transfer", invalid, "COMMAND_ID_REUSED",
            (c, id) -> c.freezeAccount(freeze(USED_TRANSFER, PAYEE))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void a_rejection_reaches_both_clients_with_its_code_reason_facts_and_message_and_appends_nothing(Row row) {
    Counts before = ledger.tables.counts();

    // One command id for both: a rejected command leaves no record, so the second call is judged afresh.
    String commandId = nextCommandId();
    Reply<CommandResult> fromVertx = row.call().apply(vertx, commandId);
    Reply<CommandResult> fromGrpcJava = row.call().apply(grpcJava, commandId);

    for (Reply<CommandResult> reply : List.of(fromVertx, fromGrpcJava)) {
      assertThat(reply.status()).as("%s", reply).isEqualTo(row.status());
      assertThat(reply.reason()).as("%s", reply).isEqualTo(row.reason());
      assertThat(reply.info().getDomain()).isEqualTo(ErrorDetails.DOMAIN);
      assertThat(reply.metadata()).as("%s", reply).containsAllEntriesOf(row.facts());
      assertThat(reply.message()).as("human message of %s", reply)
          .isNotBlank()
          .isNotEqualToIgnoringCase("UNKNOWN")
          .isNotEqualTo(row.status().name())
          .contains(" ");
    }
    assertThat(fromGrpcJava.status()).isEqualTo(fromVertx.status());
    assertThat(fromGrpcJava.reason()).isEqualTo(fromVertx.reason());
    assertThat(fromGrpcJava.message()).isEqualTo(fromVertx.message());
    assertThat(fromGrpcJava.metadata()).isEqualTo(fromVertx.metadata());
    assertThat(ledger.tables.counts()).as("rows in ledger.events and ledger.commands").isEqualTo(before);
  }

  @Test
  void the_largest_valid_ids_amount_overdraft_and_reference_are_accepted() {
    String account = "x".repeat(64);
    String command = "y".repeat(127);
    accept(vertx.openAccount(open(command + "1", account, "JPY", MAX_AMOUNT)));
    Reply<CommandResult> deposited = grpcJava.deposit(deposit(command + "2", account, MAX_AMOUNT, "JPY").toBuilder()
        .setReference("z".repeat(256)).build());
    assertThat(versionOf(deposited, account)).isEqualTo(2);
    Reply<CommandResult> withdrawn = vertx.withdraw(withdraw(command + "3", account, MAX_AMOUNT, "JPY"));
    assertThat(versionOf(withdrawn, account)).isEqualTo(3);
    assertThat(ledger.tables.events(account).get(1).payload().getString("reference")).hasSize(256);
  }

  @Test
  void withdrawing_to_exactly_minus_the_overdraft_limit_is_accepted_and_one_more_unit_is_not() {
    String account = "overdraft-edge";
    accept(vertx.openAccount(open("edge-open", account, "USD", 100)));
    assertThat(versionOf(grpcJava.withdraw(withdraw("edge-1", account, 100, "USD")), account)).isEqualTo(2);
    Counts before = ledger.tables.counts();

    Reply<CommandResult> refused = vertx.withdraw(withdraw("edge-2", account, 1, "USD"));

    assertThat(refused.status()).isEqualTo(GrpcStatus.FAILED_PRECONDITION);
    assertThat(refused.reason()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(refused.metadata()).containsEntry("available_minor", "0");
    assertThat(ledger.tables.counts()).isEqualTo(before);
  }

  @Test
  void a_deposit_at_the_expected_version_is_accepted() {
    String account = "expected-version";
    accept(vertx.openAccount(open("expect-open", account, "USD", 0)));
    Reply<CommandResult> deposited = grpcJava.deposit(deposit("expect-1", account, 5, "USD").toBuilder()
        .setExpectedVersion(1).build());
    assertThat(versionOf(deposited, account)).isEqualTo(2);
  }

  private String nextCommandId() {
    return "rejected-" + commandIds.incrementAndGet();
  }

  private static void accept(Reply<CommandResult> reply) {
    assertThat(reply.ok()).as("%s", reply).isTrue();
  }

  private static Row row(String name, GrpcStatus status, String reason,
                         BiFunction<CommandClient, String, Reply<CommandResult>> call) {
    return new Row(name, status, reason, Map.of(), call);
  }

  private static Row row(String name, GrpcStatus status, String reason, Map<String, String> facts,
                         BiFunction<CommandClient, String, Reply<CommandResult>> call) {
    return new Row(name, status, reason, facts, call);
  }
}

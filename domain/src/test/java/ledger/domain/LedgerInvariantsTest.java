package ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import ledger.domain.AccountCommand.Deposit;
import ledger.domain.AccountCommand.FreezeAccount;
import ledger.domain.AccountCommand.UnfreezeAccount;
import ledger.domain.AccountCommand.Withdraw;
import ledger.domain.AccountEvent.MoneyDeposited;
import ledger.domain.AccountEvent.MoneyWithdrawn;
import ledger.domain.AccountEvent.TransferReceived;
import ledger.domain.AccountEvent.TransferSent;
import ledger.domain.RandomLedger.Applied;
import ledger.domain.RandomLedger.Step;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of random deposits, withdrawals, transfers, freezes and unfreezes among five accounts.
 * After every step the books must hold; a failure names its seed and step so it can be replayed.
 */
class LedgerInvariantsTest {

  private static final int ACCOUNTS = 5;
  private static final int STEPS = 4_000;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 7, 42, 1_234, 20_240_601})
  void random_commands_never_break_the_books(long seed) {
    RandomLedger ledger = new RandomLedger(new Random(seed), ACCOUNTS);
    Map<String, Integer> outcomes = new TreeMap<>();
    for (int step = 1; step <= STEPS; step++) {
      Step played = ledger.playRandomCommand();
      String where = "seed " + seed + ", step " + step + ", " + played.command();
      assertDecidedAsTheRulesSay(played, where);
      assertEveryRecordedBalanceIsTheFoldedOne(played, where);
      assertNoBalanceIsPastItsOverdraft(ledger, where);
      assertMoneyIsNeitherMadeNorLost(ledger, where);
      outcomes.merge(outcomeOf(played), 1, Integer::sum);
    }
    assertReplayingTheStreamsGivesTheSameStates(ledger);
    assertThat(outcomes).as("seed %s played every kind of outcome", seed).containsKeys(
        "Deposit accepted", "Deposit ACCOUNT_FROZEN", "Deposit CURRENCY_MISMATCH",
        "Withdraw accepted", "Withdraw INSUFFICIENT_FUNDS",
        "Transfer accepted", "Transfer INSUFFICIENT_FUNDS", "Transfer ACCOUNT_FROZEN", "Transfer CURRENCY_MISMATCH",
        "FreezeAccount accepted", "FreezeAccount changed nothing",
        "UnfreezeAccount accepted", "UnfreezeAccount changed nothing");
  }

  /** Accepted or refused exactly when the rules, restated plainly, say so; and with the right number of events. */
  private static void assertDecidedAsTheRulesSay(Step played, String where) {
    Reason expected = expectedRefusal(played.command(), played.before());
    assertThat(played.rejection() == null ? null : played.rejection().reason()).as(where).isEqualTo(expected);
    if (expected == null) {
      assertThat(played.applied()).as(where).hasSize(expectedEvents(played.command(), played.before().get(0)));
    }
  }

  private static Reason expectedRefusal(LedgerCommand command, List<Account> before) {
    if (command instanceof Deposit deposit) {
      return refusalToPost(before.get(0), deposit.currency());
    } else if (command instanceof Withdraw withdraw) {
      return firstOf(refusalToPost(before.get(0), withdraw.currency()),
          refusalToPay(before.get(0), withdraw.amountMinor()));
    } else if (command instanceof Transfer transfer) {
      return firstOf(refusalToPost(before.get(0), transfer.currency()),
          refusalToPost(before.get(1), transfer.currency()),
          refusalToPay(before.get(0), transfer.amountMinor()));
    }
    return null;
  }

  private static Reason refusalToPost(Account account, Currency currency) {
    if (account.status() == AccountStatus.FROZEN) {
      return Reason.ACCOUNT_FROZEN;
    }
    return currency.equals(account.currency()) ? null : Reason.CURRENCY_MISMATCH;
  }

  private static Reason refusalToPay(Account payer, long amountMinor) {
    return payer.balanceMinor() - amountMinor < -payer.overdraftLimitMinor() ? Reason.INSUFFICIENT_FUNDS : null;
  }

  private static Reason firstOf(Reason... refusals) {
    return Stream.of(refusals).filter(Objects::nonNull).findFirst().orElse(null);
  }

  private static int expectedEvents(LedgerCommand command, Account before) {
    if (command instanceof Transfer) {
      return 2;
    } else if (command instanceof FreezeAccount) {
      return before.status() == AccountStatus.FROZEN ? 0 : 1;
    } else if (command instanceof UnfreezeAccount) {
      return before.status() == AccountStatus.FROZEN ? 1 : 0;
    }
    return 1;
  }

  private static void assertEveryRecordedBalanceIsTheFoldedOne(Step played, String where) {
    for (Applied applied : played.applied()) {
      OptionalLong recorded = recordedBalance(applied.event());
      if (recorded.isPresent()) {
        assertThat(recorded.getAsLong()).as("%s: %s", where, applied.event()).isEqualTo(applied.after().balanceMinor());
      }
    }
  }

  private static OptionalLong recordedBalance(AccountEvent event) {
    if (event instanceof MoneyDeposited deposited) {
      return OptionalLong.of(deposited.balanceAfterMinor());
    } else if (event instanceof MoneyWithdrawn withdrawn) {
      return OptionalLong.of(withdrawn.balanceAfterMinor());
    } else if (event instanceof TransferSent sent) {
      return OptionalLong.of(sent.balanceAfterMinor());
    } else if (event instanceof TransferReceived received) {
      return OptionalLong.of(received.balanceAfterMinor());
    }
    return OptionalLong.empty();
  }

  private static void assertNoBalanceIsPastItsOverdraft(RandomLedger ledger, String where) {
    for (Account account : ledger.states().values()) {
      assertThat(account.balanceMinor()).as("%s: %s", where, account).isGreaterThanOrEqualTo(-account.overdraftLimitMinor());
    }
  }

  private static void assertMoneyIsNeitherMadeNorLost(RandomLedger ledger, String where) {
    long total = ledger.states().values().stream().mapToLong(Account::balanceMinor).sum();
    assertThat(total).as("%s: total of all balances", where)
        .isEqualTo(ledger.depositedMinor() - ledger.withdrawnMinor());
  }

  private static void assertReplayingTheStreamsGivesTheSameStates(RandomLedger ledger) {
    ledger.streams().forEach((id, stream) -> {
      Account replayed = AccountDecider.fold(Account.unopened(id), stream);
      assertThat(replayed).isEqualTo(ledger.states().get(id));
      assertThat(replayed.version()).isEqualTo(stream.size());
    });
  }

  private static String outcomeOf(Step played) {
    String kind = played.command().getClass().getSimpleName();
    if (played.rejection() != null) {
      return kind + " " + played.rejection().reason();
    }
    return kind + (played.applied().isEmpty() ? " changed nothing" : " accepted");
  }
}

package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import ledger.app.StoreAudit.StoredEvent;
import ledger.v1.AccountStatus;
import ledger.v1.Balance;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.FreezeAccountRequest;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.TransferRequest;
import ledger.v1.UnfreezeAccountRequest;
import ledger.v1.WithdrawRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GetBalanceAt, by version and by time, against a fold of the stored events: an account with
 * about 35 events of every kind (into and out of its overdraft, frozen for a while, some
 * commands refused), snapshotted every 10 events, so answers cross snapshot boundaries.
 */
class TimeTravelIT {

  private static final int SNAPSHOT_EVERY = 10;
  private static final String MAIN = "tt-main";
  private static final String OTHER = "tt-other";

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture(SNAPSHOT_EVERY);
  private static StoreAudit audit;
  private static QueryServiceGrpc.QueryServiceBlockingStub queries;
  private static Map<String, List<StoredEvent>> streams;

  @BeforeAll
  static void write_the_history() {
    audit = fixture.audit();
    queries = QueryServiceGrpc.newBlockingStub(fixture.channel);
    CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(fixture.channel);
    commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("open-main").setAccountId(MAIN)
        .setCurrency("USD").setOverdraftLimitMinor(3_000).build());
    commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("open-other").setAccountId(OTHER)
        .setCurrency("USD").build());
    commands.deposit(deposit("fund-other", OTHER, 50_000));
    for (int i = 0; i < 36; i++) {
      String id = "c-" + i;
      int step = i % 6;
      long amount = 500 + 37 * i;
      refusalAllowed(() -> {
        switch (step) {
          case 0 -> commands.deposit(deposit(id, MAIN, 2 * amount));
          case 1 -> commands.transfer(transfer(id, OTHER, MAIN, amount));
          case 2 -> commands.withdraw(withdraw(id, amount));
          case 3 -> commands.transfer(transfer(id, MAIN, OTHER, 2 * amount));
          case 4 -> commands.withdraw(withdraw(id, 2 * amount));
          default -> commands.deposit(deposit(id, MAIN, amount));
        }
      });
      if (i == 20) {
        commands.freezeAccount(FreezeAccountRequest.newBuilder().setCommandId("freeze").setAccountId(MAIN)
            .setReason("audit").build());
        refusalAllowed(() -> commands.deposit(deposit("while-frozen", MAIN, 100)));
        commands.unfreezeAccount(UnfreezeAccountRequest.newBuilder().setCommandId("unfreeze").setAccountId(MAIN)
            .setReason("cleared").build());
      }
    }
    streams = audit.streams();
  }

  @Test
  void balance_at_every_version_equals_the_fold_of_that_many_events_across_snapshot_boundaries() {
    List<Long> snapshotted = audit.snapshots().stream().filter(s -> s.streamId().equals(MAIN))
        .map(StoreAudit.SnapshotRow::version).toList();
    List<String> wrong = new ArrayList<>();
    List<Balance> history = new ArrayList<>();
    streams.forEach((account, events) -> {
      List<Balance> folded = StoreAudit.balances(account, events);
      for (int k = 1; k <= events.size(); k++) {
        Balance answered = queries.getBalanceAt(GetBalanceAtRequest.newBuilder().setAccountId(account)
            .setVersion(k).build());
        Balance expected = folded.get(k - 1);
        history.add(expected);
        if (!answered.equals(expected)) {
          wrong.add(account + "@" + k + ": " + answered + " but the fold gives " + expected);
        }
      }
    });

    assertThat(streams.get(MAIN)).as("events of " + MAIN).hasSizeBetween(31, 45);
    assertThat(snapshotted).as("snapshots the answers cross").contains(10L, 20L, 30L);
    assertThat(history).as("states the history passes through")
        .anyMatch(b -> b.getBalanceMinor() < 0).anyMatch(b -> b.getStatus() == AccountStatus.FROZEN);
    assertThat(wrong).isEmpty();
  }

  @Test
  void balance_at_a_recorded_time_is_the_state_after_the_last_event_recorded_at_or_before_it() {
    List<String> wrong = new ArrayList<>();
    streams.forEach((account, events) -> {
      List<Balance> folded = StoreAudit.balances(account, events);
      for (StoredEvent event : events) {
        // The store keeps microseconds; an as_of a nanosecond before an event must still exclude it.
        for (Instant asOf : List.of(event.recordedAt(), event.recordedAt().minus(1, ChronoUnit.MICROS),
            event.recordedAt().minusNanos(1), event.recordedAt().plusNanos(999))) {
          long version = StoreAudit.versionAt(events, asOf);
          if (version == 0) {
            continue;
          }
          Balance answered = queries.getBalanceAt(GetBalanceAtRequest.newBuilder().setAccountId(account)
              .setAsOf(StoreAudit.timestamp(asOf)).build());
          Balance expected = folded.get((int) version - 1);
          if (!answered.equals(expected)) {
            wrong.add(account + " as of " + asOf + ": " + answered + " but the fold gives " + expected);
          }
        }
      }
    });

    assertThat(wrong).isEmpty();
  }

  @Test
  void balance_at_a_time_before_the_account_was_opened_is_not_found() {
    Instant opened = streams.get(MAIN).get(0).recordedAt();

    assertThatThrownBy(() -> queries.getBalanceAt(GetBalanceAtRequest.newBuilder().setAccountId(MAIN)
        .setAsOf(StoreAudit.timestamp(opened.minus(1, ChronoUnit.MICROS))).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  private static DepositRequest deposit(String commandId, String account, long amount) {
    return DepositRequest.newBuilder().setCommandId(commandId).setAccountId(account).setAmountMinor(amount)
        .setCurrency("USD").build();
  }

  private static WithdrawRequest withdraw(String commandId, long amount) {
    return WithdrawRequest.newBuilder().setCommandId(commandId).setAccountId(MAIN).setAmountMinor(amount)
        .setCurrency("USD").build();
  }

  private static TransferRequest transfer(String commandId, String from, String to, long amount) {
    return TransferRequest.newBuilder().setCommandId(commandId).setFromAccountId(from).setToAccountId(to)
        .setAmountMinor(amount).setCurrency("USD").build();
  }

  /** Runs a command that the account's funds or status may refuse; anything else fails the setup. */
  private static void refusalAllowed(Runnable command) {
    try {
      command.run();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
        throw e;
      }
    }
  }
}

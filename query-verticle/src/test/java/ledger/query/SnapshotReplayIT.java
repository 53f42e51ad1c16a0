package ledger.query;

import static ledger.query.QueryRequests.asOf;
import static ledger.query.QueryRequests.atVersion;
import static ledger.query.QueryRequests.page;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import ledger.domain.Account;
import ledger.query.StoreWriter.Stored;
import ledger.store.SnapshotCodec;
import ledger.v1.HistoryEntry;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which snapshots GetHistory and GetBalanceAt replay from, seen from outside through planted rows. */
class SnapshotReplayIT {

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(5));

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void snapshots_of_an_unknown_schema_version_are_ignored_and_answers_equal_the_plain_fold(QueryClient.Kind kind) {
    String account = "snapshot.unknown-schema." + kind;
    Stories.everyEventType(bed.writer(), account, "snapshot.unknown-schema.peer." + kind);
    bed.writer().plantSnapshot(account, 4, 99, "{\"bogus\": true}");
    bed.writer().plantSnapshot(account, 7, 99,
        "{\"status\": \"CLOSED\", \"currency\": \"JPY\", \"balance_minor\": 123456789, \"overdraft_limit_minor\": 0}");
    List<Stored> stored = bed.writer().stored(account);
    QueryClient client = bed.client(kind);

    for (Stored event : stored) {
      assertThat(client.getBalanceAtNow(atVersion(account, event.version())).value())
          .as("version %d", event.version()).isEqualTo(bed.writer().expectedBalance(account, event));
      assertThat(client.getBalanceAtNow(asOf(account, event.recordedAt())).value())
          .as("as of version %d", event.version()).isEqualTo(bed.writer().expectedBalance(account, event));
      HistoryEntry first = client.getHistoryNow(page(account, event.version(), 1)).answer().getEvents(0);
      assertThat(first.getBalanceAfterMinor()).as("history from version %d", event.version())
          .isEqualTo(bed.writer().stateAt(account, event.version()).balanceMinor());
      assertThat(first.getStatusAfter().name()).as("history from version %d", event.version())
          .isEqualTo(bed.writer().stateAt(account, event.version()).status().name());
    }
  }

  /**
   * Snapshots are derived data the reads trust, so the only way to see from outside where a
   * replay started is a snapshot that lies: here, one at version 5 holding 1,000,000 more.
   * A read at or after 5 must start there; a read before 5 (and a history page starting at
   * 5, whose starting state is version 4) must not.
   */
  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void replays_start_from_the_newest_snapshot_at_or_before_the_point(QueryClient.Kind kind) {
    String account = "snapshot.newest." + kind;
    Stories.everyEventType(bed.writer(), account, "snapshot.newest.peer." + kind);
    Account five = bed.writer().stateAt(account, 5);
    bed.writer().plantSnapshot(account, 5, SnapshotCodec.SCHEMA_VERSION, SnapshotCodec.encode(
        new Account(five.id(), five.status(), five.currency(), five.balanceMinor() + 1_000_000,
            five.overdraftLimitMinor(), 5)).encode());
    QueryClient client = bed.client(kind);

    assertThat(balanceAt(client, account, 4)).isEqualTo(truth(account, 4));
    assertThat(balanceAt(client, account, 5)).isEqualTo(truth(account, 5) + 1_000_000);
    assertThat(balanceAt(client, account, 8)).isEqualTo(truth(account, 8) + 1_000_000);
    assertThat(client.getBalanceAtNow(asOf(account, Instant.now())).value().getBalanceMinor())
        .isEqualTo(truth(account, 10) + 1_000_000);
    assertThat(historyBalances(client, account, 5)).containsExactly(truth(account, 5), truth(account, 6));
    assertThat(historyBalances(client, account, 6))
        .containsExactly(truth(account, 6) + 1_000_000, truth(account, 7) + 1_000_000);
  }

  private static long balanceAt(QueryClient client, String account, long version) {
    return client.getBalanceAtNow(atVersion(account, version)).value().getBalanceMinor();
  }

  private static List<Long> historyBalances(QueryClient client, String account, long from) {
    return client.getHistoryNow(page(account, from, 2)).answer().getEventsList().stream()
        .map(HistoryEntry::getBalanceAfterMinor).toList();
  }

  private static long truth(String account, long version) {
    return bed.writer().stateAt(account, version).balanceMinor();
  }
}

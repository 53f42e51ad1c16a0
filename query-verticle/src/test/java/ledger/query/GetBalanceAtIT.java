package ledger.query;

import static ledger.query.QueryRequests.asOf;
import static ledger.query.QueryRequests.atVersion;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.google.protobuf.Timestamp;
import io.vertx.grpc.common.GrpcStatus;
import ledger.query.StoreWriter.Stored;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import ledger.v1.GetBalanceAtRequest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GetBalanceAt: time travel by stream version and by instant, replayed from the event store. */
class GetBalanceAtIT {

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(5));

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void the_balance_at_every_version_is_the_fold_of_the_events_up_to_it_across_snapshots(QueryClient.Kind kind) {
    String account = "at-version.busy." + kind;
    Stories.busyAccount(bed.writer(), account, "at-version.busy.peer." + kind);
    bed.writer().snapshot(account, 10);
    bed.writer().snapshot(account, 20);
    List<Stored> stored = bed.writer().stored(account);
    assertThat(stored).hasSize(25);

    for (int k = 1; k <= 25; k++) {
      Reply<Balance> reply = bed.client(kind).getBalanceAtNow(atVersion(account, k));

      assertThat(reply.value()).as("version %d: %s", k, reply)
          .isEqualTo(bed.writer().expectedBalance(account, stored.get(k - 1)));
    }
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_version_below_1_is_an_invalid_version(QueryClient.Kind kind) {
    String account = "at-version.below-1." + kind;
    bed.writer().open(account, "USD", 0);

    for (long version : List.of(0L, -1L, Long.MIN_VALUE)) {
      Reply<Balance> reply = bed.client(kind).getBalanceAtNow(atVersion(account, version));

      assertThat(reply.status()).as("version %d: %s", version, reply).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(reply.reason()).as("version %d", version).isEqualTo("INVALID_VERSION");
    }
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_version_beyond_the_head_is_out_of_range_with_the_current_version(QueryClient.Kind kind) {
    String account = "at-version.beyond." + kind;
    bed.writer().open(account, "USD", 0);
    bed.writer().deposit(account, 100, "one");
    bed.writer().deposit(account, 200, "two");

    for (long version : List.of(4L, 1_000L, Long.MAX_VALUE)) {
      Reply<Balance> reply = bed.client(kind).getBalanceAtNow(atVersion(account, version));

      assertThat(reply.status()).as("version %d: %s", version, reply).isEqualTo(GrpcStatus.OUT_OF_RANGE);
      assertThat(reply.reason()).as("version %d", version).isEqualTo("VERSION_NOT_REACHED");
      assertThat(reply.metadata()).as("version %d", version).containsEntry("current_version", "3");
    }
    assertThat(bed.client(kind).getBalanceAtNow(atVersion(account, 3)).value().getBalanceMinor())
        .as("the head itself is reachable").isEqualTo(300);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void the_past_of_an_unknown_account_is_not_found(QueryClient.Kind kind) {
    String account = "at.nobody." + kind;

    for (GetBalanceAtRequest request : List.of(atVersion(account, 1), atVersion(account, 7),
        asOf(account, Instant.now()))) {
      Reply<Balance> reply = bed.client(kind).getBalanceAtNow(request);

      assertThat(reply.status()).as("%s: %s", request, reply).isEqualTo(GrpcStatus.NOT_FOUND);
      assertThat(reply.reason()).isEqualTo("ACCOUNT_NOT_FOUND");
      assertThat(reply.metadata()).containsEntry("account_id", account);
    }
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_request_without_as_of_or_version_is_an_invalid_point(QueryClient.Kind kind) {
    String account = "at.no-point." + kind;
    bed.writer().open(account, "USD", 0);

    Reply<Balance> reply = bed.client(kind).getBalanceAtNow(
        GetBalanceAtRequest.newBuilder().setAccountId(account).build());

    assertThat(reply.status()).as(reply.toString()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(reply.reason()).isEqualTo("INVALID_POINT");
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void as_of_includes_an_event_recorded_at_exactly_that_instant_and_not_one_microsecond_later(QueryClient.Kind kind) {
    String account = "as-of.exact." + kind;
    bed.writer().open(account, "USD", 100);
    bed.writer().deposit(account, 1_000, "one");
    bed.writer().withdraw(account, 1_050, "two");
    bed.writer().freeze(account, "look");
    bed.writer().unfreeze(account, "fine");
    bed.writer().deposit(account, 50, "three");
    List<Stored> stored = bed.writer().stored(account);
    assertThat(stored).extracting(Stored::recordedAt).as("each transaction has its own recorded_at")
        .isSorted().doesNotHaveDuplicates();
    QueryClient client = bed.client(kind);

    for (Stored event : stored) {
      Instant recorded = event.recordedAt();

      assertThat(client.getBalanceAtNow(asOf(account, recorded)).value())
          .as("exactly at version %d", event.version()).isEqualTo(bed.writer().expectedBalance(account, event));
      assertThat(client.getBalanceAtNow(asOf(account, recorded.plusNanos(999))).answer().getVersion())
          .as("999 ns after version %d", event.version()).isEqualTo(event.version());
      if (event.version() > 1) {
        Stored before = stored.get((int) event.version() - 2);
        assertThat(client.getBalanceAtNow(asOf(account, recorded.minusNanos(1_000))).value())
            .as("1 µs before version %d", event.version()).isEqualTo(bed.writer().expectedBalance(account, before));
        assertThat(client.getBalanceAtNow(asOf(account, recorded.minusNanos(1))).answer().getVersion())
            .as("1 ns before version %d", event.version()).isEqualTo(before.version());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void as_of_before_the_first_event_is_not_found_since_the_account_did_not_exist_yet(QueryClient.Kind kind) {
    String account = "as-of.too-early." + kind;
    bed.writer().open(account, "USD", 0);
    bed.writer().deposit(account, 10, "later");
    Instant opened = bed.writer().stored(account).get(0).recordedAt();

    for (Instant early : List.of(opened.minusNanos(1_000), opened.minusSeconds(3_600), Instant.EPOCH)) {
      Reply<Balance> reply = bed.client(kind).getBalanceAtNow(asOf(account, early));

      assertThat(reply.status()).as("as_of %s: %s", early, reply).isEqualTo(GrpcStatus.NOT_FOUND);
      assertThat(reply.reason()).isEqualTo("ACCOUNT_NOT_FOUND");
      assertThat(reply.metadata()).containsEntry("account_id", account);
    }
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void as_of_far_in_the_future_is_the_latest_state(QueryClient.Kind kind) {
    String account = "as-of.future." + kind;
    bed.writer().open(account, "USD", 0);
    bed.writer().deposit(account, 10, "d");
    bed.writer().freeze(account, "why not");
    List<Stored> stored = bed.writer().stored(account);

    for (Instant future : List.of(Instant.now().plus(Duration.ofDays(36_500)),
        Instant.parse("9999-12-31T23:59:59.999999999Z"))) {
      Reply<Balance> reply = bed.client(kind).getBalanceAtNow(asOf(account, future));

      assertThat(reply.value()).as("as_of %s: %s", future, reply)
          .isEqualTo(bed.writer().expectedBalance(account, stored.get(2)));
    }
  }

  /** Regression: seconds beyond what java.time.Instant holds failed as INTERNAL (a DateTimeException). */
  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void an_as_of_outside_the_timestamp_range_is_an_invalid_timestamp_not_an_internal_error(QueryClient.Kind kind) {
    String account = "as-of.out-of-range." + kind;
    bed.writer().open(account, "USD", 0);
    List<Timestamp> invalid = List.of(
        Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build(),
        Timestamp.newBuilder().setSeconds(Long.MIN_VALUE).build(),
        Timestamp.newBuilder().setSeconds(253_402_300_800L).build(),   // 10000-01-01T00:00:00Z
        Timestamp.newBuilder().setSeconds(-62_135_596_801L).build(),   // 0000-12-31T23:59:59Z
        Timestamp.newBuilder().setSeconds(0).setNanos(-1).build(),
        Timestamp.newBuilder().setSeconds(0).setNanos(1_000_000_000).build());

    for (Timestamp point : invalid) {
      Reply<Balance> reply = bed.client(kind).getBalanceAtNow(
          GetBalanceAtRequest.newBuilder().setAccountId(account).setAsOf(point).build());

      assertThat(reply.status()).as("as_of %s: %s", point, reply).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(reply.reason()).as("as_of %s", point).isEqualTo("INVALID_TIMESTAMP");
    }
    assertThat(bed.client(kind).getBalanceAtNow(asOf(account, Instant.parse("0001-01-01T00:00:00Z"))).reason())
        .as("the first valid instant is simply before the account").isEqualTo("ACCOUNT_NOT_FOUND");
  }
}

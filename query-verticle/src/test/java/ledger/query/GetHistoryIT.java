package ledger.query;

import static ledger.query.QueryRequests.page;
import static ledger.v1.AccountStatus.CLOSED;
import static ledger.v1.AccountStatus.FROZEN;
import static ledger.v1.AccountStatus.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.vertx.grpc.common.GrpcStatus;
import ledger.domain.Account;
import ledger.domain.AccountEvent;
import ledger.query.StoreWriter.Stored;
import ledger.query.StoreWriter.Written;
import ledger.testkit.Reply;
import ledger.v1.GetHistoryRequest;
import ledger.v1.GetHistoryResponse;
import ledger.v1.HistoryEntry;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GetHistory: the audit trail read from the event store, paged, from both kinds of client. */
class GetHistoryIT {

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(Duration.ofSeconds(5));

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void every_event_type_is_an_entry_with_what_moved_and_where_it_left_the_account(QueryClient.Kind kind) {
    String account = "history.every-type." + kind;
    String peer = "history.every-type.peer." + kind;
    Stories.everyEventType(bed.writer(), account, peer);
    List<Stored> stored = bed.writer().stored(account);

    GetHistoryResponse history = bed.client(kind).getHistoryNow(page(account, 0, 0)).answer();

    assertThat(history.getEventsList()).containsExactly(
        entry(account, stored, 1, "AccountOpened").build(),
        entry(account, stored, 2, "MoneyDeposited").setAmountMinor(10_000).setDeltaMinor(10_000)
            .setBalanceAfterMinor(10_000).setReference("salary").build(),
        entry(account, stored, 3, "MoneyWithdrawn").setAmountMinor(2_500).setDeltaMinor(-2_500)
            .setBalanceAfterMinor(7_500).setReference("rent").build(),
        entry(account, stored, 4, "TransferSent").setAmountMinor(1_000).setDeltaMinor(-1_000)
            .setBalanceAfterMinor(6_500).setReference("gift").setCounterpartyAccountId(peer).build(),
        entry(account, stored, 5, "TransferReceived").setAmountMinor(300).setDeltaMinor(300)
            .setBalanceAfterMinor(6_800).setReference("refund").setCounterpartyAccountId(peer).build(),
        entry(account, stored, 6, "AccountFrozen").setBalanceAfterMinor(6_800).setReason("audit")
            .setStatusAfter(FROZEN).build(),
        entry(account, stored, 7, "AccountUnfrozen").setBalanceAfterMinor(6_800).setReason("cleared").build(),
        entry(account, stored, 8, "MoneyWithdrawn").setAmountMinor(7_000).setDeltaMinor(-7_000)
            .setBalanceAfterMinor(-200).setReference("cash").build(),
        entry(account, stored, 9, "MoneyDeposited").setAmountMinor(200).setDeltaMinor(200)
            .setBalanceAfterMinor(0).setReference("top up").build(),
        entry(account, stored, 10, "AccountClosed").setStatusAfter(CLOSED).build());
    assertThat(history.getNextPageToken()).isEmpty();
    assertThat(history.getEventsList()).extracting(HistoryEntry::getEventType).as("a new event type needs a story here")
        .containsAll(Arrays.stream(AccountEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).toList());
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void each_entry_names_who_asked_for_its_command_and_an_anonymous_callers_entry_names_nobody(QueryClient.Kind kind) {
    String account = "history.who." + kind;
    String peer = "history.who.peer." + kind;
    StoreWriter writer = bed.writer();
    writer.open(account, "USD", 0);
    writer.by("svc-onboarding", () -> writer.open(peer, "USD", 0));
    writer.by("svc-payroll", () -> writer.deposit(account, 5_000, "salary"));
    writer.by("CN=payments,OU=Ledger,O=Acme\\, Inc.", () -> writer.transfer(account, peer, 1_200, "rent"));
    writer.by("ops@example.com", () -> writer.freeze(peer, "check"));
    writer.deposit(account, 1, "anonymous again");

    QueryClient client = bed.client(kind);
    List<HistoryEntry> mine = client.getHistoryNow(page(account, 0, 0)).answer().getEventsList();
    List<HistoryEntry> theirs = client.getHistoryNow(page(peer, 0, 0)).answer().getEventsList();

    assertThat(mine).extracting(HistoryEntry::getEventType, HistoryEntry::getSubject).containsExactly(
        tuple("AccountOpened", ""), tuple("MoneyDeposited", "svc-payroll"),
        tuple("TransferSent", "CN=payments,OU=Ledger,O=Acme\\, Inc."), tuple("MoneyDeposited", ""));
    assertThat(theirs).extracting(HistoryEntry::getEventType, HistoryEntry::getSubject).containsExactly(
        tuple("AccountOpened", "svc-onboarding"), tuple("TransferReceived", "CN=payments,OU=Ledger,O=Acme\\, Inc."),
        tuple("AccountFrozen", "ops@example.com"));
    assertThat(mine.get(2).getCommandId()).as("both legs of the transfer are one command")
        .isEqualTo(theirs.get(1).getCommandId());
    assertThat(mine.get(0).hasField(HistoryEntry.getDescriptor().findFieldByName("subject")))
        .as("proto3: an empty subject is not on the wire at all").isFalse();
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void from_version_is_inclusive_and_0_and_1_both_start_at_the_first_event(QueryClient.Kind kind) {
    String account = "history.from." + kind;
    Stories.everyEventType(bed.writer(), account, "history.from.peer." + kind);
    QueryClient client = bed.client(kind);

    List<Long> all = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);

    assertThat(versions(client.getHistoryNow(page(account, 0, 0)))).isEqualTo(all);
    assertThat(versions(client.getHistoryNow(page(account, 1, 0)))).isEqualTo(all);
    assertThat(versions(client.getHistoryNow(page(account, 7, 0)))).containsExactly(7L, 8L, 9L, 10L);
    assertThat(versions(client.getHistoryNow(page(account, 10, 0)))).containsExactly(10L);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void pages_of_3_over_10_events_are_3_3_3_1_and_together_equal_one_big_page(QueryClient.Kind kind) {
    String account = "history.pages." + kind;
    Stories.everyEventType(bed.writer(), account, "history.pages.peer." + kind);
    QueryClient client = bed.client(kind);

    List<GetHistoryResponse> pages = walk(client, account, 3);

    assertThat(pages).extracting(GetHistoryResponse::getEventsCount).containsExactly(3, 3, 3, 1);
    assertThat(pages.subList(0, 3)).extracting(GetHistoryResponse::getNextPageToken)
        .allMatch(token -> !token.isEmpty());
    assertThat(pages.get(3).getNextPageToken()).isEmpty();
    GetHistoryResponse whole = client.getHistoryNow(page(account, 0, 1000)).answer();
    assertThat(whole.getNextPageToken()).isEmpty();
    assertThat(concatenated(pages)).hasSize(10).isEqualTo(whole.getEventsList());
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_last_page_that_is_full_carries_no_token(QueryClient.Kind kind) {
    String account = "history.full-last-page." + kind;
    Stories.everyEventType(bed.writer(), account, "history.full-last-page.peer." + kind);
    QueryClient client = bed.client(kind);

    assertThat(walk(client, account, 5)).extracting(GetHistoryResponse::getEventsCount).containsExactly(5, 5);
    assertThat(walk(client, account, 10)).extracting(GetHistoryResponse::getEventsCount).containsExactly(10);
    assertThat(walk(client, account, 1)).hasSize(10);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void page_size_0_means_pages_of_100(QueryClient.Kind kind) {
    String account = "history.default-size." + kind;
    bed.writer().open(account, "USD", 0);
    bed.writer().deposits(account, 100, 1);
    QueryClient client = bed.client(kind);

    List<GetHistoryResponse> pages = walk(client, account, 0);

    assertThat(pages).extracting(GetHistoryResponse::getEventsCount).containsExactly(100, 1);
    assertThat(pages.get(1).getEvents(0).getVersion()).isEqualTo(101);
    assertThat(pages.get(1).getEvents(0).getBalanceAfterMinor()).isEqualTo(100);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_page_token_overrides_from_version(QueryClient.Kind kind) {
    String account = "history.token-wins." + kind;
    Stories.everyEventType(bed.writer(), account, "history.token-wins.peer." + kind);
    QueryClient client = bed.client(kind);
    String token = client.getHistoryNow(page(account, 0, 3)).answer().getNextPageToken();

    Reply<GetHistoryResponse> reply = client.getHistoryNow(page(account, 8, 3).toBuilder().setPageToken(token).build());

    assertThat(versions(reply)).containsExactly(4L, 5L, 6L);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_page_token_is_refused_unless_this_ledger_issued_it_for_this_account(QueryClient.Kind kind) {
    String account = "history.token-owner." + kind;
    String other = "history.token-other." + kind;
    Stories.everyEventType(bed.writer(), account, other);
    QueryClient client = bed.client(kind);
    String ownToken = client.getHistoryNow(page(account, 0, 3)).answer().getNextPageToken();
    String othersToken = client.getHistoryNow(page(other, 0, 1)).answer().getNextPageToken();
    assertThat(othersToken).isNotEmpty();

    for (String token : List.of(othersToken, "garbage", "h1.", "h1.!!not-base64!!", ownToken + "x",
        ownToken.substring(0, 3) + "A".repeat(300))) {
      Reply<GetHistoryResponse> reply = client.getHistoryNow(page(account, 0, 3).toBuilder().setPageToken(token).build());

      assertThat(reply.status()).as("token \"%s\": %s", token, reply).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(reply.reason()).as("token \"%s\"", token).isEqualTo("INVALID_PAGE_TOKEN");
    }
    assertThat(versions(client.getHistoryNow(page(account, 0, 3).toBuilder().setPageToken(ownToken).build())))
        .as("the account's own token works").containsExactly(4L, 5L, 6L);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_page_size_outside_1_to_1000_is_an_invalid_page_size(QueryClient.Kind kind) {
    String account = "history.page-size." + kind;
    bed.writer().open(account, "USD", 0);
    QueryClient client = bed.client(kind);

    for (int size : List.of(-1, 1001, Integer.MIN_VALUE, Integer.MAX_VALUE)) {
      Reply<GetHistoryResponse> reply = client.getHistoryNow(page(account, 0, size));

      assertThat(reply.status()).as("page_size %d: %s", size, reply).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(reply.reason()).as("page_size %d", size).isEqualTo("INVALID_PAGE_SIZE");
    }
    assertThat(versions(client.getHistoryNow(page(account, 0, 1000)))).containsExactly(1L);
    assertThat(versions(client.getHistoryNow(page(account, 0, 1)))).containsExactly(1L);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_negative_from_version_is_an_invalid_version(QueryClient.Kind kind) {
    String account = "history.negative-from." + kind;
    bed.writer().open(account, "USD", 0);

    for (long from : List.of(-1L, Long.MIN_VALUE)) {
      Reply<GetHistoryResponse> reply = bed.client(kind).getHistoryNow(page(account, from, 0));

      assertThat(reply.status()).as("from_version %d: %s", from, reply).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(reply.reason()).as("from_version %d", from).isEqualTo("INVALID_VERSION");
    }
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void the_history_of_an_unknown_account_is_not_found(QueryClient.Kind kind) {
    String account = "history.nobody." + kind;

    for (long from : List.of(0L, 5L)) {
      Reply<GetHistoryResponse> reply = bed.client(kind).getHistoryNow(page(account, from, 0));

      assertThat(reply.status()).as("from_version %d: %s", from, reply).isEqualTo(GrpcStatus.NOT_FOUND);
      assertThat(reply.reason()).isEqualTo("ACCOUNT_NOT_FOUND");
      assertThat(reply.metadata()).containsEntry("account_id", account);
    }
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void from_version_past_the_end_of_an_existing_account_is_an_empty_last_page(QueryClient.Kind kind) {
    String account = "history.past-end." + kind;
    Stories.everyEventType(bed.writer(), account, "history.past-end.peer." + kind);

    for (long from : List.of(11L, 12L, 1_000_000L, Long.MAX_VALUE)) {
      Reply<GetHistoryResponse> reply = bed.client(kind).getHistoryNow(page(account, from, 3));

      assertThat(reply.ok()).as("from_version %d: %s", from, reply).isTrue();
      assertThat(reply.answer().getEventsList()).as("from_version %d", from).isEmpty();
      assertThat(reply.answer().getNextPageToken()).as("from_version %d", from).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_page_starting_anywhere_shows_the_true_balance_and_status_after_each_event_across_snapshots(
      QueryClient.Kind kind) {
    String account = "history.mid-stream." + kind;
    Stories.busyAccount(bed.writer(), account, "history.mid-stream.peer." + kind);
    bed.writer().snapshot(account, 10);
    bed.writer().snapshot(account, 20);
    QueryClient client = bed.client(kind);
    List<HistoryEntry> whole = client.getHistoryNow(page(account, 0, 0)).answer().getEventsList();
    assertThat(whole).hasSize(25);
    for (HistoryEntry entry : whole) {
      Account truth = bed.writer().stateAt(account, entry.getVersion());
      assertThat(entry.getBalanceAfterMinor()).as("balance after version %d", entry.getVersion())
          .isEqualTo(truth.balanceMinor());
      assertThat(entry.getStatusAfter().name()).as("status after version %d", entry.getVersion())
          .isEqualTo(truth.status().name());
    }

    for (int from = 1; from <= 25; from++) {
      Reply<GetHistoryResponse> reply = client.getHistoryNow(page(account, from, 3));

      assertThat(reply.answer().getEventsList()).as("page from version %d", from)
          .isEqualTo(whole.subList(from - 1, Math.min(from + 2, 25)));
    }
  }

  /** Every page from the first, following next_page_token until it is empty. */
  private static List<GetHistoryResponse> walk(QueryClient client, String account, int pageSize) {
    List<GetHistoryResponse> pages = new ArrayList<>();
    GetHistoryRequest request = page(account, 0, pageSize);
    while (pages.size() < 1_000) {
      GetHistoryResponse response = client.getHistoryNow(request).answer();
      pages.add(response);
      if (response.getNextPageToken().isEmpty()) {
        return pages;
      }
      request = request.toBuilder().setPageToken(response.getNextPageToken()).build();
    }
    throw new AssertionError("paging did not end: " + pages.size() + " pages");
  }

  private static List<HistoryEntry> concatenated(List<GetHistoryResponse> pages) {
    return pages.stream().flatMap(page -> page.getEventsList().stream()).toList();
  }

  private static List<Long> versions(Reply<GetHistoryResponse> reply) {
    return reply.answer().getEventsList().stream().map(HistoryEntry::getVersion).toList();
  }

  /** The fields every entry of the USD story has; the test adds what the event moved. */
  private static HistoryEntry.Builder entry(String account, List<Stored> stored, int version, String type) {
    Written written = bed.writer().commandOf(account, version);
    return HistoryEntry.newBuilder()
        .setVersion(version)
        .setGlobalPosition(stored.get(version - 1).globalPosition())
        .setEventType(type)
        .setRecordedAt(stored.get(version - 1).recordedAtTimestamp())
        .setCurrency("USD")
        .setStatusAfter(OPEN)
        .setCommandId(written.commandId())
        .setCorrelationId(written.correlationId())
        .setSubject(written.subject() == null ? "" : written.subject());
  }
}

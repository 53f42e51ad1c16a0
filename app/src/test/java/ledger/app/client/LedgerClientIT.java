package ledger.app.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.Status;
import ledger.app.ServerFixture;
import ledger.client.AccountAlreadyExistsException;
import ledger.client.AccountBalance;
import ledger.client.AccountClosedException;
import ledger.client.AccountFrozenException;
import ledger.client.AccountNotFoundException;
import ledger.client.CommandIdReusedException;
import ledger.client.CommandOutcome;
import ledger.client.GenericLedgerException;
import ledger.client.HistoryPage;
import ledger.client.InsufficientFundsException;
import ledger.client.LedgerClient;
import ledger.client.LedgerException;
import ledger.client.LedgerSession;
import ledger.client.RetryPolicy;
import ledger.client.VersionMismatchException;
import ledger.testkit.TcpRelay;
import ledger.testkit.Waits;
import ledger.v1.AccountStatus;
import ledger.v1.DepositRequest;
import ledger.v1.HistoryEntry;
import ledger.v1.OpenAccountRequest;
import ledger.v1.WithdrawRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** LedgerClient against a whole ledger process over real gRPC: retries, typed refusals, sessions, targets. */
class LedgerClientIT {

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  private static final RetryPolicy QUICK = RetryPolicy.of(4, Duration.ofMillis(20), Duration.ofMillis(200));

  static LedgerClient client;

  @BeforeAll
  static void client() {
    client = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort).retryPolicy(QUICK).build();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void a_deposit_whose_answer_is_lost_with_its_connection_is_retried_with_the_same_id_and_applied_once()
      throws Exception {
    String account = "retry-cut";
    client.openAccount(account, "EUR");
    String reference = "cut-" + UUID.randomUUID();
    AtomicBoolean held = new AtomicBoolean();
    try (TcpRelay relay = TcpRelay.to(fixture.clientVertx, "127.0.0.1", fixture.grpcPort);
         LedgerClient relayed = LedgerClient.builder().target("127.0.0.1:" + relay.port()).retryPolicy(QUICK).build()) {
      // The first connection that carries the deposit gets no answer back: the server runs it, the reply waits here.
      relay.holdRepliesTo(data -> data.toString(ISO_8859_1).contains(reference) && held.compareAndSet(false, true));
      CompletableFuture<CommandOutcome> deposit = CompletableFuture.supplyAsync(() -> relayed.deposit(
          DepositRequest.newBuilder().setAccountId(account).setAmountMinor(1_000).setCurrency("EUR")
              .setReference(reference).build()));
      // Applied: the event is in the store (history reads the store), while its answer is held in the relay.
      Waits.until("the deposit in the store", Waits.LIMIT, () -> client.getHistory(account, 1).size(), n -> n == 2);
      assertThat(relay.cutConnectionsThatSent(reference)).as("connections cut with the answer in them").isEqualTo(1);

      CommandOutcome outcome = deposit.get(30, TimeUnit.SECONDS);

      assertThat(outcome.attempts()).as("attempts").isGreaterThanOrEqualTo(2);
      assertThat(outcome.deduplicated()).as("the retry was answered with the original result").isTrue();
      assertThat(outcome.versionOf(account)).hasValue(2);
      List<HistoryEntry> history = client.getHistory(account, 1);
      assertThat(history).hasSize(2);
      assertThat(history.get(1).getCommandId()).isEqualTo(outcome.commandId());
      assertThat(client.getBalance(account, outcome.consistencyToken()).balanceMinor()).isEqualTo(1_000);
    }
  }

  @Test
  void an_unreachable_ledger_is_tried_a_bounded_number_of_times_then_reported_unavailable() {
    TcpRelay relay = TcpRelay.to(fixture.clientVertx, "127.0.0.1", fixture.grpcPort);
    relay.close();
    try (LedgerClient unreachable = LedgerClient.builder().target("127.0.0.1:" + relay.port()).retryPolicy(QUICK)
        .build()) {
      LedgerException e = catchThrowableOfType(() -> unreachable.deposit("nowhere", 1, "EUR"), LedgerException.class);

      assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.attempts()).isEqualTo(QUICK.maxAttempts());
      assertThat(e).isInstanceOf(GenericLedgerException.class);
    }
  }

  @Test
  void a_refusal_is_thrown_at_once_and_never_retried() {
    client.openAccount("refused", "EUR");
    client.deposit(DepositRequest.newBuilder().setCommandId("refused-dep-1").setAccountId("refused")
        .setAmountMinor(100).setCurrency("EUR").build());

    CommandIdReusedException reused = catchThrowableOfType(() -> client.deposit(DepositRequest.newBuilder()
        .setCommandId("refused-dep-1").setAccountId("refused").setAmountMinor(200).setCurrency("EUR").build()),
        CommandIdReusedException.class);
    InsufficientFundsException poor = catchThrowableOfType(() -> client.withdraw("refused", 500, "EUR"),
        InsufficientFundsException.class);

    assertThat(reused.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(reused.commandId()).isEqualTo("refused-dep-1");
    assertThat(reused.attempts()).isEqualTo(1);
    assertThat(poor.attempts()).isEqualTo(1);
    assertThat(client.getHistory("refused", 1)).as("nothing appended by either").hasSize(2);
  }

  @Test
  void the_same_command_id_given_twice_is_applied_once() {
    client.openAccount("twice", "EUR");
    DepositRequest deposit = DepositRequest.newBuilder().setCommandId("twice-dep").setAccountId("twice")
        .setAmountMinor(250).setCurrency("EUR").build();

    CommandOutcome first = client.deposit(deposit);
    CommandOutcome again = client.deposit(deposit);

    assertThat(first.deduplicated()).isFalse();
    assertThat(again.deduplicated()).isTrue();
    assertThat(again.commandId()).isEqualTo("twice-dep");
    assertThat(again.versions()).isEqualTo(first.versions());
    assertThat(client.getBalance("twice", again.consistencyToken()).balanceMinor()).isEqualTo(250);
  }

  @Test
  void insufficient_funds_tells_the_balance_and_what_was_available() {
    client.openAccount(OpenAccountRequest.newBuilder().setAccountId("poor").setCurrency("EUR")
        .setOverdraftLimitMinor(100).build());
    client.deposit("poor", 500, "EUR");

    InsufficientFundsException e = catchThrowableOfType(() -> client.withdraw("poor", 700, "EUR"),
        InsufficientFundsException.class);

    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.reason()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(e.accountId()).isEqualTo("poor");
    assertThat(e.balanceMinor()).isEqualTo(500);
    assertThat(e.availableMinor()).isEqualTo(600);
    assertThat(e.overdraftLimitMinor()).isEqualTo(100);
    assertThat(e.requestedMinor()).isEqualTo(700);
  }

  @Test
  void each_refusal_the_caller_handles_has_its_exception() {
    client.openAccount("typed", "EUR");

    assertThat(catchThrowableOfType(() -> client.getBalance("typed-never-opened"), AccountNotFoundException.class)
        .accountId()).isEqualTo("typed-never-opened");
    assertThat(catchThrowableOfType(() -> client.openAccount("typed", "EUR"), AccountAlreadyExistsException.class)
        .code()).isEqualTo(Status.Code.ALREADY_EXISTS);
    VersionMismatchException mismatch = catchThrowableOfType(() -> client.deposit(DepositRequest.newBuilder()
        .setAccountId("typed").setAmountMinor(1).setCurrency("EUR").setExpectedVersion(7).build()),
        VersionMismatchException.class);
    assertThat(mismatch.expectedVersion()).isEqualTo(7);
    assertThat(mismatch.actualVersion()).isEqualTo(1);

    client.freezeAccount("typed", "audit");
    assertThat(catchThrowableOfType(() -> client.deposit("typed", 1, "EUR"), AccountFrozenException.class)
        .reason()).isEqualTo("ACCOUNT_FROZEN");
    client.unfreezeAccount("typed", "audit done");
    CommandOutcome closed = client.closeAccount("typed");
    assertThat(catchThrowableOfType(() -> client.deposit("typed", 1, "EUR"), AccountClosedException.class)
        .code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(client.getBalance("typed", closed.consistencyToken()).status()).isEqualTo(AccountStatus.CLOSED);

    GenericLedgerException other = catchThrowableOfType(() -> client.deposit("typed-x", -5, "EUR"),
        GenericLedgerException.class);
    assertThat(other.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(other.reason()).isEqualTo("INVALID_AMOUNT");
  }

  @Test
  void a_session_handed_between_two_services_reads_its_writes_in_both() {
    try (LedgerClient payments = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort).build();
         LedgerClient statements = LedgerClient.builder().target("127.0.0.1:" + fixture.grpcPort).build()) {
      LedgerSession first = payments.newSession();
      first.openAccount("handed", "EUR");
      long expected = 0;
      for (int round = 1; round <= 25; round++) {
        CommandOutcome deposit = first.deposit("handed", 100 + round, "EUR");
        expected += 100 + round;
        // Service one hands its session to service two (e.g. in an HTTP header) ...
        LedgerSession second = statements.resumeSession(first.export());
        assertThat(second.consistencyTokenFor("handed")).isEqualTo(deposit.consistencyToken());
        AccountBalance seen = second.getBalance("handed");
        assertThat(seen.version()).as("round %d, read in service two", round).isGreaterThanOrEqualTo(
            deposit.versionOf("handed").getAsLong());
        assertThat(seen.balanceMinor()).as("round %d", round).isEqualTo(expected);
        // ... which writes too and hands it back.
        CommandOutcome withdrawal = second.withdraw("handed", round, "EUR");
        expected -= round;
        first.merge(second.export());
        AccountBalance back = first.getBalance("handed");
        assertThat(back.version()).as("round %d, read back in service one", round)
            .isGreaterThanOrEqualTo(withdrawal.versionOf("handed").getAsLong());
        assertThat(back.balanceMinor()).isEqualTo(expected);
      }
    }
  }

  @Test
  void history_comes_in_pages_and_balance_at_travels_back() {
    client.openAccount("paged", "EUR");
    CommandOutcome last = null;
    for (int i = 1; i <= 5; i++) {
      last = client.deposit("paged", i, "EUR");
    }

    HistoryPage page = client.getHistory("paged", 1, 2, "");
    assertThat(page.events()).extracting(HistoryEntry::getVersion).containsExactly(1L, 2L);
    assertThat(page.next()).isPresent();
    assertThat(client.getHistory("paged", 3)).extracting(HistoryEntry::getVersion).containsExactly(3L, 4L, 5L, 6L);
    assertThat(client.getBalanceAtVersion("paged", 3).balanceMinor()).isEqualTo(1 + 2);
    HistoryEntry third = client.getHistory("paged", 1).get(2);
    assertThat(client.getBalanceAt("paged", java.time.Instant.ofEpochSecond(third.getRecordedAt().getSeconds(),
        third.getRecordedAt().getNanos())).version()).isGreaterThanOrEqualTo(3);
    assertThat(client.getBalance("paged", last.consistencyToken()).balanceMinor()).isEqualTo(15);
  }

  @Test
  void a_dns_target_is_resolved_and_called() {
    try (LedgerClient dns = LedgerClient.builder().target("dns:///localhost:" + fixture.grpcPort).build()) {
      dns.openAccount("by-dns", "EUR");
      assertThat(dns.getHistory("by-dns", 1)).hasSize(1);
    }
  }

  @Test
  void a_client_over_the_callers_channel_leaves_the_channel_open_when_closed() {
    try (LedgerClient over = LedgerClient.over(fixture.channel)) {
      CommandOutcome opened = over.openAccount("over-channel", "EUR");
      assertThat(over.withDeadline(Duration.ofSeconds(3)).getBalance("over-channel", opened.consistencyToken())
          .currency()).isEqualTo("EUR");
    }

    assertThat(fixture.channel.isShutdown()).isFalse();
    assertThat(LedgerClient.over(fixture.channel).getHistory("over-channel", 1)).hasSize(1);
  }
}

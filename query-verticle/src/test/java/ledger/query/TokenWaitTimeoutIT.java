package ledger.query;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import ledger.store.Checkpoint;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every token wait ends: at the server's maximum when the caller sets no deadline, at the
 * caller's deadline when that comes first, and no waiter outlives its call. The tokens name
 * writes the projection never gets to: each test projects what it reads, then writes more.
 */
@ExtendWith(VertxExtension.class)
class TokenWaitTimeoutIT {

  private static final Duration CAPPED_MAX = Duration.ofMillis(300);
  private static final Duration PATIENT_MAX = Duration.ofSeconds(3);
  private static final Duration CLIENT_DEADLINE = Duration.ofMillis(200);

  @RegisterExtension
  static final QueryTestbed bed = QueryTestbed.waitingAtMost(CAPPED_MAX);
  private static final Map<QueryClient.Kind, QueryClient> PATIENT_CLIENTS = new EnumMap<>(QueryClient.Kind.class);
  private static QueryNode patient;

  @BeforeAll
  static void startPatientNode() {
    patient = bed.startNode(PATIENT_MAX);
    for (QueryClient.Kind kind : QueryClient.Kind.values()) {
      PATIENT_CLIENTS.put(kind, bed.connect(kind, patient));
    }
  }

  private static QueryClient capped(QueryClient.Kind kind) {
    return bed.client(kind);
  }

  /** Opens the account and projects it: its view stays at version 1. */
  private static void projectedAtVersion1(String account) {
    bed.writer().open(account, "USD", 0);
    bed.projection().project();
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_token_version_never_reached_fails_with_consistency_wait_timeout_at_the_server_maximum(QueryClient.Kind kind) {
    String account = "stuck-" + kind;
    projectedAtVersion1(account);
    String token = Tokens.versionToken(account, 2, bed.writer().deposit(account, 100, "never projected"));

    Reply<Balance> reply = await(capped(kind).getBalance(QueryClient.request(account, token), null));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
    assertThat(reply.reason()).isEqualTo("CONSISTENCY_WAIT_TIMEOUT");
    assertThat(reply.metadata()).containsEntry("account_id", account).containsEntry("awaited_version", "2");
    assertThat(reply.message()).isNotBlank();
    assertThat(reply.elapsedMillis()).isBetween(CAPPED_MAX.toMillis() - 10, CAPPED_MAX.toMillis() + 1_500);
    until("no waiter left", Duration.ofSeconds(1), bed.node()::tokenWaiters, n -> n == 0);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_commit_point_never_reached_fails_with_consistency_wait_timeout_at_the_server_maximum(QueryClient.Kind kind) {
    String account = "bystander-" + kind;
    projectedAtVersion1(account);
    Checkpoint unprojected = bed.writer().open("writer-" + kind, "USD", 0);
    String token = Tokens.versionToken("writer-" + kind, 1, unprojected);

    Reply<Balance> reply = await(capped(kind).getBalance(QueryClient.request(account, token), null));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
    assertThat(reply.reason()).isEqualTo("CONSISTENCY_WAIT_TIMEOUT");
    assertThat(reply.metadata()).containsEntry("awaited_position", Long.toString(unprojected.globalPosition()));
    assertThat(reply.elapsedMillis()).isBetween(CAPPED_MAX.toMillis() - 10, CAPPED_MAX.toMillis() + 1_500);
    until("no waiter left", Duration.ofSeconds(1), bed.node()::tokenWaiters, n -> n == 0);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_client_deadline_shorter_than_the_server_maximum_ends_the_call_and_the_wait_at_that_deadline(
      QueryClient.Kind kind) {
    String account = "hurried-" + kind;
    projectedAtVersion1(account);
    String token = Tokens.versionToken(account, 2, bed.writer().deposit(account, 100, "never projected"));
    long started = System.nanoTime();

    Reply<Balance> reply = await(PATIENT_CLIENTS.get(kind).getBalance(QueryClient.request(account, token),
        CLIENT_DEADLINE));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
    assertThat(reply.elapsedMillis()).isBetween(CLIENT_DEADLINE.toMillis() - 10, PATIENT_MAX.toMillis() / 2);
    // The server drops the waiter at the caller's deadline, not at its own maximum.
    until("no waiter left", Duration.ofSeconds(1), patient::tokenWaiters, n -> n == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PATIENT_MAX);
  }

  @Test
  void many_reads_timing_out_together_leave_no_waiter_behind(VertxTestContext timedOut) throws Throwable {
    List<Checkpoint> unprojected = new ArrayList<>();
    for (int a = 0; a < 10; a++) {
      projectedAtVersion1("crowd-" + a);
    }
    for (int a = 0; a < 10; a++) {
      unprojected.add(bed.writer().deposit("crowd-" + a, 100, "never projected"));
    }
    Checkpoint elsewhere = bed.writer().open("writer", "USD", 0);
    List<Future<Reply<Balance>>> reads = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      QueryClient.Kind kind = QueryClient.Kind.values()[i % 2];
      String account = "crowd-" + (i % 10);
      String token = i % 3 == 0
          ? Tokens.versionToken("writer", 1, elsewhere)
          : Tokens.versionToken(account, 2, unprojected.get(i % 10));
      Duration deadline = i % 4 == 0 ? CLIENT_DEADLINE : null;
      reads.add(capped(kind).getBalance(QueryClient.request(account, token), deadline));
    }

    WaitingReads.checkEach(reads, timedOut,
        reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED));
    WaitingReads.awaitEach(timedOut, Duration.ofSeconds(30));
    until("no waiter left", Duration.ofSeconds(1), bed.node()::tokenWaiters, n -> n == 0);
  }
}

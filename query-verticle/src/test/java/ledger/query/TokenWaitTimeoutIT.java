package ledger.query;

import static ledger.query.ProjectionDouble.accountAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import ledger.store.Checkpoint;
import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every token wait ends: at the server's maximum when the caller sets no deadline, at the
 * caller's deadline when that comes first, and no waiter outlives its call.
 */
class TokenWaitTimeoutIT {

  private static final String PREFIX = TestInfra.freshPrefix("token_timeout");
  private static final Duration CAPPED_MAX = Duration.ofMillis(300);
  private static final Duration PATIENT_MAX = Duration.ofSeconds(3);
  private static final Duration CLIENT_DEADLINE = Duration.ofMillis(200);
  /** The view never gets past this; tokens ask for more. */
  private static final Checkpoint PROJECTED = new Checkpoint(500, 500);
  private static final Map<QueryClient.Kind, QueryClient> CAPPED_CLIENTS = new EnumMap<>(QueryClient.Kind.class);
  private static final Map<QueryClient.Kind, QueryClient> PATIENT_CLIENTS = new EnumMap<>(QueryClient.Kind.class);
  private static QueryNode capped;
  private static QueryNode patient;
  private static Vertx clientVertx;
  private static ProjectionDouble projection;

  @BeforeAll
  static void start() {
    capped = QueryNode.start(PREFIX, CAPPED_MAX);
    patient = QueryNode.start(PREFIX, PATIENT_MAX);
    clientVertx = Vertx.vertx();
    projection = new ProjectionDouble(clientVertx, PREFIX);
    for (QueryClient.Kind kind : QueryClient.Kind.values()) {
      CAPPED_CLIENTS.put(kind, kind.connect(clientVertx, capped));
      PATIENT_CLIENTS.put(kind, kind.connect(clientVertx, patient));
    }
    projection.storeCheckpoint(PROJECTED);
  }

  @AfterAll
  static void stop() {
    CAPPED_CLIENTS.values().forEach(QueryClient::close);
    PATIENT_CLIENTS.values().forEach(QueryClient::close);
    projection.close();
    Blocking.await(clientVertx.close());
    capped.close();
    patient.close();
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_token_version_never_reached_fails_with_consistency_wait_timeout_at_the_server_maximum(QueryClient.Kind kind) {
    String account = "stuck-" + kind;
    projection.store(accountAt(account, 1));
    String token = Tokens.versionToken(account, 2, PROJECTED);

    Reply reply = Blocking.await(CAPPED_CLIENTS.get(kind).getBalance(QueryClient.request(account, token), null));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
    assertThat(reply.reason()).isEqualTo("CONSISTENCY_WAIT_TIMEOUT");
    assertThat(reply.metadata()).containsEntry("account_id", account).containsEntry("awaited_version", "2");
    assertThat(reply.message()).isNotBlank();
    assertThat(reply.elapsedMillis()).isBetween(CAPPED_MAX.toMillis() - 10, CAPPED_MAX.toMillis() + 1_500);
    Blocking.until("no waiter left", Duration.ofSeconds(1), () -> capped.tokenWaiters() == 0);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_commit_point_never_reached_fails_with_consistency_wait_timeout_at_the_server_maximum(QueryClient.Kind kind) {
    String account = "bystander-" + kind;
    projection.store(accountAt(account, 1));
    String token = Tokens.versionToken("writer-" + kind, 1, new Checkpoint(501, 400));

    Reply reply = Blocking.await(CAPPED_CLIENTS.get(kind).getBalance(QueryClient.request(account, token), null));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
    assertThat(reply.reason()).isEqualTo("CONSISTENCY_WAIT_TIMEOUT");
    assertThat(reply.metadata()).containsEntry("awaited_position", "400");
    assertThat(reply.elapsedMillis()).isBetween(CAPPED_MAX.toMillis() - 10, CAPPED_MAX.toMillis() + 1_500);
    Blocking.until("no waiter left", Duration.ofSeconds(1), () -> capped.tokenWaiters() == 0);
  }

  @ParameterizedTest
  @EnumSource(QueryClient.Kind.class)
  void a_client_deadline_shorter_than_the_server_maximum_ends_the_call_and_the_wait_at_that_deadline(
      QueryClient.Kind kind) {
    String account = "hurried-" + kind;
    projection.store(accountAt(account, 1));
    String token = Tokens.versionToken(account, 2, PROJECTED);
    long started = System.nanoTime();

    Reply reply = Blocking.await(PATIENT_CLIENTS.get(kind).getBalance(QueryClient.request(account, token),
        CLIENT_DEADLINE));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
    assertThat(reply.elapsedMillis()).isBetween(CLIENT_DEADLINE.toMillis() - 10, PATIENT_MAX.toMillis() / 2);
    // The server drops the waiter at the caller's deadline, not at its own maximum.
    Blocking.until("no waiter left", Duration.ofSeconds(1), () -> patient.tokenWaiters() == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PATIENT_MAX);
  }

  @Test
  void many_reads_timing_out_together_leave_no_waiter_behind() {
    for (int a = 0; a < 10; a++) {
      projection.store(accountAt("crowd-" + a, 1));
    }
    List<Future<Reply>> reads = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      QueryClient.Kind kind = QueryClient.Kind.values()[i % 2];
      String account = "crowd-" + (i % 10);
      String token = i % 3 == 0
          ? Tokens.versionToken("writer", 1, new Checkpoint(600, 1))
          : Tokens.versionToken(account, 2, PROJECTED);
      Duration deadline = i % 4 == 0 ? CLIENT_DEADLINE : null;
      reads.add(CAPPED_CLIENTS.get(kind).getBalance(QueryClient.request(account, token), deadline));
    }

    for (Future<Reply> read : reads) {
      assertThat(Blocking.await(read).status()).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
    }
    Blocking.until("no waiter left", Duration.ofSeconds(1), () -> capped.tokenWaiters() == 0);
  }
}

package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import ledger.app.client.GrpcCallException;
import ledger.testkit.GrpcJava;
import ledger.testkit.Reply;
import ledger.testkit.Waits;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.OpenAccountRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The command role holds at most so many commands at once. With PostgreSQL made slow for
 * real (a transaction holding an exclusive lock on the events table, so every load and
 * append waits), commands past the bound are refused at once with RESOURCE_EXHAUSTED
 * APPEND_QUEUE_FULL and append nothing; the held ones finish once the lock goes, every one
 * of them in the store, and the role takes commands again.
 */
class AppendQueueIT {

  private static final int QUEUE_MAX = 4;
  private static final int SENT = 12;

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withSecurity(
      config.security().withLimits(config.security().limits().withAppendQueueMax(QUEUE_MAX))));

  @Test
  void commands_past_the_bound_are_refused_at_once_and_the_queue_recovers_when_postgres_does() {
    SqlConnection lock = await(PgConnection.connect(fixture.clientVertx, fixture.database));
    List<Future<Reply<CommandResult>>> replies = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    try {
      await(lock.query("BEGIN").execute());
      await(lock.query("LOCK TABLE ledger.events IN ACCESS EXCLUSIVE MODE").execute());

      CommandServiceGrpc.CommandServiceStub grpcJava = CommandServiceGrpc.newStub(fixture.channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS);
      for (int i = 0; i < SENT; i++) {
        String id = "queued-" + i;
        ids.add(id);
        OpenAccountRequest request = open(id);
        // Half through each kind of client.
        replies.add(i % 2 == 0
            ? GrpcJava.call(observer -> grpcJava.openAccount(request, observer))
            : vertx(request));
      }

      Waits.until(SENT - QUEUE_MAX + " refusals while PostgreSQL is stuck", Duration.ofSeconds(20),
          () -> replies.stream().filter(Future::isComplete).count(), done -> done >= SENT - QUEUE_MAX);
      Waits.throughout(Duration.ofMillis(300), () -> assertThat(replies.stream().filter(Future::isComplete).count())
          .as("the held commands wait for PostgreSQL").isEqualTo(SENT - QUEUE_MAX));
      assertThat(fixture.http("/metrics").body()).contains("ledger_command_held " + QUEUE_MAX + ".0");
      for (Future<Reply<CommandResult>> done : replies.stream().filter(Future::isComplete).toList()) {
        Reply<CommandResult> refused = done.result();
        assertThat(refused.status()).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
        assertThat(refused.reason()).isEqualTo("APPEND_QUEUE_FULL");
        assertThat(refused.metadata()).containsEntry("limit", Integer.toString(QUEUE_MAX));
      }
    } finally {
      await(lock.query("ROLLBACK").execute());
      await(lock.close());
    }

    List<Reply<CommandResult>> all = replies.stream().map(reply -> await(reply)).toList();
    assertThat(all).filteredOn(Reply::ok).hasSize(QUEUE_MAX);
    for (int i = 0; i < SENT; i++) {
      assertThat(fixture.audit().stream(ids.get(i))).as("%s: %s", ids.get(i), all.get(i))
          .hasSize(all.get(i).ok() ? 1 : 0);
    }
    for (int i = 0; i < 2 * QUEUE_MAX; i++) {
      assertThat(await(vertx(open("after-" + i))).ok()).as("the queue takes commands again").isTrue();
    }
    assertThat(fixture.http("/metrics").body()).contains(
        "ledger_limit_refusals_total{reason=\"APPEND_QUEUE_FULL\"} " + (SENT - QUEUE_MAX) + ".0");
  }

  /** A call through the Vert.x client, as its caller sees it. */
  private static Future<Reply<CommandResult>> vertx(OpenAccountRequest request) {
    return fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, request)
        .transform(done -> Future.succeededFuture(done.succeeded()
            ? Reply.answer(done.result(), 0)
            : refusal(done.cause())));
  }

  private static Reply<CommandResult> refusal(Throwable failure) {
    if (!(failure instanceof GrpcCallException refused)) {
      throw new AssertionError("failed without a status", failure);
    }
    return Reply.refusal(refused.status(), refused.getMessage(), com.google.rpc.ErrorInfo.newBuilder()
        .setReason(refused.reason() == null ? "" : refused.reason()).putAllMetadata(refused.metadata()).build(), 0);
  }

  private static OpenAccountRequest open(String id) {
    return OpenAccountRequest.newBuilder().setCommandId("cmd-" + id).setAccountId(id).setCurrency("USD").build();
  }
}

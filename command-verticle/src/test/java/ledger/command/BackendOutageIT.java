package ledger.command;

import static ledger.command.Requests.deposit;
import static ledger.command.Requests.open;
import static ledger.command.Versions.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.vertx.grpc.common.GrpcStatus;
import ledger.command.CommandClient.Kind;
import ledger.command.LedgerTables.Counts;
import ledger.testkit.Reply;
import ledger.testkit.TcpRelay;
import ledger.v1.CommandResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PostgreSQL out of reach is UNAVAILABLE (retry later, same command_id), never UNKNOWN or INTERNAL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendOutageIT {

  @RegisterExtension
  static final LedgerFixture ledger = new LedgerFixture();
  private TcpRelay relay;
  private CommandClient vertx;
  private CommandClient grpcJava;

  @BeforeAll
  void start() {
    relay = ledger.relay();
    CommandNode node = CommandNode.start(ledger.through(relay));
    ledger.track(node);
    vertx = ledger.client(Kind.VERTX, node);
    grpcJava = ledger.client(Kind.GRPC_JAVA, node);
  }

  @Test
  void a_command_while_postgresql_is_unreachable_is_unavailable_and_executes_once_when_retried_later() {
    String account = "outage";
    assertThat(vertx.openAccount(open("outage-open", account, "USD", 0)).ok()).isTrue();
    Counts before = ledger.tables.counts();

    relay.cut();
    Reply<CommandResult> fromVertx = vertx.deposit(deposit("outage-d1", account, 10, "USD"));
    Reply<CommandResult> fromGrpcJava = grpcJava.deposit(deposit("outage-d1", account, 10, "USD"));
    relay.restore();

    for (Reply<CommandResult> reply : List.of(fromVertx, fromGrpcJava)) {
      assertThat(reply.status()).as("%s", reply).isEqualTo(GrpcStatus.UNAVAILABLE);
      assertThat(reply.reason()).isEqualTo("BACKEND_UNAVAILABLE");
      assertThat(reply.message()).isNotBlank();
    }
    assertThat(ledger.tables.counts()).isEqualTo(before);

    Reply<CommandResult> retried = grpcJava.deposit(deposit("outage-d1", account, 10, "USD"));
    assertThat(versionOf(retried, account)).as("%s", retried).isEqualTo(2);
    assertThat(retried.value().getDeduplicated()).isFalse();
    assertThat(ledger.tables.eventsWrittenBy("outage-d1")).isEqualTo(1);
  }

  /**
   * Regression: io.vertx.sqlclient.ClosedConnectionException ("Failed to read any response from
   * the server, the underlying connection may have been lost unexpectedly") was not taken for an
   * unavailable backend, so a connection lost with a request in flight reached the caller as
   * INTERNAL. The test above met the same race now and then: the relay had cut a pooled
   * connection that the pool had not yet noticed was gone.
   */
  @Test
  void a_connection_lost_with_the_append_in_flight_is_unavailable_not_internal() {
    String account = "lost-in-flight";
    assertThat(grpcJava.openAccount(open("lost-open", account, "USD", 0)).ok()).isTrue();
    Counts before = ledger.tables.counts();

    relay.dropRequests();
    Reply<CommandResult> lost;
    try {
      lost = grpcJava.deposit(deposit("lost-d1", account, 10, "USD"));
    } finally {
      relay.forwardRequests();
    }

    assertThat(lost.status()).as("%s", lost).isEqualTo(GrpcStatus.UNAVAILABLE);
    assertThat(lost.reason()).isEqualTo("BACKEND_UNAVAILABLE");
    assertThat(ledger.tables.counts()).as("the append never reached PostgreSQL").isEqualTo(before);
    Reply<CommandResult> retried = vertx.deposit(deposit("lost-d1", account, 10, "USD"));
    assertThat(versionOf(retried, account)).as("%s", retried).isEqualTo(2);
    assertThat(retried.value().getDeduplicated()).isFalse();
  }
}

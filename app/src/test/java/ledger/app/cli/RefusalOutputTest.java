package ledger.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import com.google.rpc.ErrorInfo;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcStatus;
import ledger.app.client.GrpcCallException;
import ledger.app.client.GrpcCalls;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** How a client command prints a refusal: status, reason, message, then the facts. */
class RefusalOutputTest {

  @Test
  void the_facts_of_a_refusal_print_in_key_order_whatever_order_the_server_sent() {
    // Regression: the domain builds them with Map.of, whose order changes from one server run to the next.
    ErrorInfo info = ErrorInfo.newBuilder().setReason("INSUFFICIENT_FUNDS")
        .putMetadata("balance_minor", "2000").putMetadata("amount_minor", "5000").putMetadata("account_id", "acc-1")
        .build();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new Refused(new GrpcCallException(GrpcStatus.FAILED_PRECONDITION,
        "account acc-1 has 2000 available, 5000 requested", info))).setErr(new PrintWriter(err, true)).execute();

    assertThat(exit).isEqualTo(ClientCommand.REFUSED);
    assertThat(err.toString().lines()).containsExactly(
        "error: FAILED_PRECONDITION INSUFFICIENT_FUNDS: account acc-1 has 2000 available, 5000 requested",
        "  account_id = acc-1",
        "  amount_minor = 5000",
        "  balance_minor = 2000");
  }

  @Command(name = "refused")
  static final class Refused extends ClientCommand {

    private final GrpcCallException refusal;

    Refused(GrpcCallException refusal) {
      this.refusal = refusal;
    }

    @Override
    Future<String> execute(GrpcCalls calls) {
      return Future.failedFuture(refusal);
    }
  }
}

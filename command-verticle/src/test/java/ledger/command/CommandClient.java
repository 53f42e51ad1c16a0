package ledger.command;

import java.util.Locale;

import io.vertx.core.Vertx;
import ledger.testkit.Reply;
import ledger.v1.CloseAccountRequest;
import ledger.v1.CommandResult;
import ledger.v1.DepositRequest;
import ledger.v1.FreezeAccountRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.TransferRequest;
import ledger.v1.UnfreezeAccountRequest;
import ledger.v1.WithdrawRequest;

/** A blocking view of one gRPC client of the CommandService; calls are safe from any non-event-loop thread. */
interface CommandClient extends AutoCloseable {

  /** How long any call may take before the test gives up on it. */
  long CALL_TIMEOUT_MILLIS = 10_000;

  Reply<CommandResult> openAccount(OpenAccountRequest request);

  Reply<CommandResult> deposit(DepositRequest request);

  Reply<CommandResult> withdraw(WithdrawRequest request);

  Reply<CommandResult> transfer(TransferRequest request);

  Reply<CommandResult> freezeAccount(FreezeAccountRequest request);

  Reply<CommandResult> unfreezeAccount(UnfreezeAccountRequest request);

  Reply<CommandResult> closeAccount(CloseAccountRequest request);

  @Override
  void close();

  /** The two kinds of caller the service must answer alike. */
  enum Kind {
    VERTX, GRPC_JAVA;

    /** Usable inside ids, which may not hold an underscore. */
    String slug() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    CommandClient connect(Vertx clientVertx, CommandNode node) {
      return this == VERTX ? new VertxCommandClient(clientVertx, node.port()) : new GrpcJavaCommandClient(node.port());
    }
  }
}

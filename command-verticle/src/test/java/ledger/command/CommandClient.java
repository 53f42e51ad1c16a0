package ledger.command;

import java.util.Locale;

import io.vertx.core.Vertx;
import ledger.v1.CloseAccountRequest;
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

  Reply openAccount(OpenAccountRequest request);

  Reply deposit(DepositRequest request);

  Reply withdraw(WithdrawRequest request);

  Reply transfer(TransferRequest request);

  Reply freezeAccount(FreezeAccountRequest request);

  Reply unfreezeAccount(UnfreezeAccountRequest request);

  Reply closeAccount(CloseAccountRequest request);

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

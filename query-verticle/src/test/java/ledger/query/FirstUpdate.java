package ledger.query;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import ledger.testkit.GrpcJava;
import ledger.v1.Balance;
import ledger.v1.BalanceUpdate;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;

/** The first message of a StreamBalance call (the current state), as grpc-java receives it; the call then ends. */
final class FirstUpdate {

  private FirstUpdate() {
  }

  /** {@code token} may be empty. Throws the call's failure (a StatusRuntimeException) if it fails first. */
  static Balance of(QueryNode node, String account, String token) {
    ManagedChannel channel = GrpcJava.channel(node.port());
    try {
      Iterator<BalanceUpdate> updates = QueryServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(QueryClient.DEFAULT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .streamBalance(StreamBalanceRequest.newBuilder().setAccountId(account).setConsistencyToken(token).build());
      return updates.next().getBalance();
    } finally {
      GrpcJava.close(channel);
    }
  }
}

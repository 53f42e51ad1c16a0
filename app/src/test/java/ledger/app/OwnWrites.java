package ledger.app;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.Balance;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.QueryServiceGrpcClient;

/** One writer reading its own writes: deposits 1, 2, … n on one account, each followed by a read with its token. */
final class OwnWrites {

  private OwnWrites() {
  }

  /** Every read that showed less than the deposit whose token it held, described; none when the promise holds. */
  static Future<List<String>> staleReads(GrpcCalls client, String account, int deposits) {
    return rounds(client, account, 0, deposits, new ArrayList<>());
  }

  private static Future<List<String>> rounds(GrpcCalls client, String account, int done, int total,
                                             List<String> stale) {
    if (done == total) {
      return Future.succeededFuture(stale);
    }
    int round = done + 1;
    return client.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
            .setCommandId(account + "-dep-" + round).setAccountId(account).setAmountMinor(round).setCurrency("USD")
            .build())
        .compose(written -> client.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
            .setAccountId(account).setConsistencyToken(written.getConsistencyToken()).build()))
        .compose(read -> {
          if (read.getVersion() < round + 1 || read.getBalanceMinor() < (long) round * (round + 1) / 2) {
            stale.add(describe(account, round, read));
          }
          return rounds(client, account, round, total, stale);
        });
  }

  private static String describe(String account, int round, Balance read) {
    return account + " round " + round + ": read version " + read.getVersion() + " balance " + read.getBalanceMinor();
  }
}

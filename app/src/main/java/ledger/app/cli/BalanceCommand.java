package ledger.app.cli;

import io.vertx.core.Future;
import ledger.app.client.GrpcCalls;
import ledger.v1.GetBalanceRequest;
import ledger.v1.QueryServiceGrpcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "balance", mixinStandardHelpOptions = true,
    description = "Shows an account's balance; with --token, never one older than that write.")
public final class BalanceCommand extends ClientCommand {

  @Parameters(index = "0", description = "Account id")
  String accountId;

  @Option(names = "--token", description = "Consistency token printed by a write: wait until the view includes it")
  String token;

  @Option(names = "--at", description = "Time travel: a version number (e.g. 3) or a UTC time "
      + "(e.g. 2026-11-23T16:09:24Z or '2026-11-23 16:09:24.5'); replayed from the event store")
  String at;

  @Override
  Future<String> execute(GrpcCalls calls) {
    if (at != null) {
      if (token != null) {
        throw new IllegalArgumentException("--at and --token do not go together");
      }
      return calls.unary(QueryServiceGrpcClient.GetBalanceAt, PointInTime.request(accountId, at))
          .map(Format::balance);
    }
    GetBalanceRequest.Builder request = GetBalanceRequest.newBuilder().setAccountId(accountId);
    if (token != null) {
      request.setConsistencyToken(token);
    }
    return calls.unary(QueryServiceGrpcClient.GetBalance, request.build()).map(Format::balance);
  }
}

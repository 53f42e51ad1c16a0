package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import ledger.v1.Balance;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A read holding a write's token never shows a view older than that write. */
class ReadYourWritesIT {

  private static final int ROUNDS = 500;
  private static final int WRITERS = 5;
  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  @Test
  void five_hundred_writes_each_read_back_with_its_token_are_never_stale() {
    List<Future<List<String>>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      String account = "ryw-" + w;
      await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
          .setCommandId("open-" + account).setAccountId(account).setCurrency("USD").build()));
      writers.add(rounds(account, 0, ROUNDS / WRITERS, new ArrayList<>()));
    }
    List<String> stale = new ArrayList<>();
    writers.forEach(writer -> stale.addAll(await(writer)));

    assertThat(stale).as("reads older than the write whose token they held").isEmpty();
  }

  /** Deposits 1..n one after another on one account, each followed by a read with its token. */
  private static Future<List<String>> rounds(String account, int done, int total, List<String> stale) {
    if (done == total) {
      return Future.succeededFuture(stale);
    }
    int round = done + 1;
    return fixture.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
            .setCommandId(account + "-dep-" + round).setAccountId(account).setAmountMinor(round).setCurrency("USD")
            .build())
        .compose(written -> fixture.vertxClient.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
            .setAccountId(account).setConsistencyToken(written.getConsistencyToken()).build()))
        .compose(read -> {
          long expectedBalance = (long) round * (round + 1) / 2;
          if (read.getVersion() < round + 1 || read.getBalanceMinor() < expectedBalance) {
            stale.add(describe(account, round, read));
          }
          return rounds(account, round, total, stale);
        });
  }

  private static String describe(String account, int round, Balance read) {
    return account + " round " + round + ": read version " + read.getVersion() + " balance " + read.getBalanceMinor();
  }
}

package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import ledger.v1.Balance;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code --append-linger-us}, commands from concurrent callers wait for one another and
 * share statements, and both promises hold as without it: every acknowledged deposit is in the
 * balance, and a read holding a deposit's token never shows anything older.
 */
class LingeringGroupCommitIT {

  private static final int WRITERS = 8;
  private static final int ROUNDS = 40;
  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withAppendLinger(5_000));

  @Test
  void concurrent_writers_share_lingering_statements_and_each_reads_its_own_write() {
    List<Future<List<String>>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      String account = "linger-" + w;
      await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
          .setCommandId("open-" + account).setAccountId(account).setCurrency("USD").build()));
    }
    for (int w = 0; w < WRITERS; w++) {
      writers.add(OwnWrites.staleReads(fixture.vertxClient, "linger-" + w, ROUNDS));
    }
    List<String> stale = new ArrayList<>();
    writers.forEach(writer -> stale.addAll(await(writer)));

    assertThat(stale).as("reads older than the write whose token they held").isEmpty();
    for (int w = 0; w < WRITERS; w++) {
      Balance balance = await(fixture.vertxClient.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest
          .newBuilder().setAccountId("linger-" + w).build()));
      assertThat(balance.getBalanceMinor()).as("every acknowledged deposit of linger-%d, once", w)
          .isEqualTo((long) ROUNDS * (ROUNDS + 1) / 2);
    }
    String metrics = fixture.http("/metrics").body();
    // about 4.6 here with the linger; 1.6 without it (the statements in flight batch a little anyway)
    assertThat(metric(metrics, "ledger_append_batch_commands_sum") / metric(metrics,
        "ledger_append_batch_commands_count")).as("commands per statement").isGreaterThanOrEqualTo(2);
  }

  /** A metric without labels, from a Prometheus scrape. */
  private static double metric(String scrape, String name) {
    return scrape.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(line -> Double.parseDouble(
        line.substring(name.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError(name
        + " not in the scrape"));
  }
}

package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import ledger.testkit.TestInfra;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ./ledger rebuild}: every view rebuilt as a new generation while commands and token
 * reads go on; no read ever answers below its token, across the switches; the views then equal
 * a replay of the store and the old generations are gone.
 */
class FullRebuildIT {

  @RegisterExtension
  static final ServerFixture ledger = new ServerFixture();
  private static final int ACCOUNTS = 8;
  private static final int REBUILDS = 3;

  @Test
  void token_reads_racing_rebuilds_and_writes_never_answer_below_their_token() throws Exception {
    for (int i = 0; i < ACCOUNTS; i++) {
      commands().openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + i).setAccountId(account(i))
          .setCurrency("USD").build());
    }
    AtomicBoolean rebuilding = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    Queue<String> wrong = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      int client = c;
      Thread thread = new Thread(() -> {
        for (int n = 0; rebuilding.get() || n < 20; n++) {
          String account = account((client * 31 + n) % ACCOUNTS);
          try {
            CommandResult written = commands().deposit(DepositRequest.newBuilder()
                .setCommandId("c" + client + "-" + n).setAccountId(account).setAmountMinor(100).setCurrency("USD")
                .build());
            long version = written.getVersionsList().get(0).getVersion();
            Balance read = queries().getBalance(GetBalanceRequest.newBuilder().setAccountId(account)
                .setConsistencyToken(written.getConsistencyToken()).build());
            reads.incrementAndGet();
            if (read.getVersion() < version) {
              wrong.add(account + " read at version " + read.getVersion() + " after writing version " + version);
            }
          } catch (RuntimeException e) {
            wrong.add(account + ": " + e);
          }
        }
      });
      thread.start();
      clients.add(thread);
    }
    List<RebuildProgress> ends = new ArrayList<>();
    for (int r = 0; r < REBUILDS; r++) {
      ends.add(lastOf(AdminServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(60))
          .rebuildProjection(RebuildProjectionRequest.getDefaultInstance())));
    }
    rebuilding.set(false);
    for (Thread client : clients) {
      client.join(Duration.ofSeconds(60).toMillis());
    }

    assertThat(wrong).as("reads below their token, or failures").isEmpty();
    assertThat(reads.get()).isGreaterThanOrEqualTo(40);
    assertThat(ends).extracting(RebuildProgress::getPhase).containsOnly(RebuildProgress.Phase.DONE);
    assertThat(ends).extracting(RebuildProgress::getGeneration).containsExactly(1L, 2L, 3L);

    CliRun rebuild = CliRun.of(ledger, "rebuild");
    assertThat(rebuild.exit()).isZero();
    assertThat(rebuild.lines().get(0)).startsWith("replaying generation 4: ");
    assertThat(rebuild.lines()).anyMatch(line -> line.startsWith("switched generation 4: "));
    assertThat(rebuild.lines().get(rebuild.lines().size() - 1))
        .startsWith("rebuilt every view as generation 4: ").contains(" events replayed in ")
        .contains(" keys of the old generation removed");

    assertThat(CliRun.of(ledger, "status").lines().get(0)).contains(", view generation 4)");
    CliRun verify = CliRun.of(ledger, "verify");
    assertThat(verify.exit()).as(String.join("\n", verify.lines())).isZero();
    assertThat(verify.lines().get(verify.lines().size() - 1)).endsWith("no differences");
    assertThat(keysOfPrefix()).as("only generation 4 and its number are left")
        .allMatch(key -> key.startsWith(ledger.keyPrefix + "g4:") || key.equals(ledger.keyPrefix + "generation"))
        .contains(ledger.keyPrefix + "g4:checkpoint");
  }

  private static RebuildProgress lastOf(Iterator<RebuildProgress> stream) {
    RebuildProgress last = null;
    while (stream.hasNext()) {
      last = stream.next();
    }
    return last;
  }

  private static List<String> keysOfPrefix() {
    Redis redis = Redis.createClient(ledger.clientVertx, TestInfra.redisOptions());
    try {
      List<String> found = new ArrayList<>();
      String cursor = "0";
      do {
        Response page = await(redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH")
            .arg(ledger.keyPrefix + "*").arg("COUNT").arg(1000)));
        cursor = page.get(0).toString();
        page.get(1).forEach(key -> found.add(key.toString()));
      } while (!"0".equals(cursor));
      return found;
    } finally {
      await(redis.close());
    }
  }

  private static String account(int i) {
    return "rebuilt-" + i;
  }

  private static CommandServiceGrpc.CommandServiceBlockingStub commands() {
    return CommandServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(10));
  }

  private static QueryServiceGrpc.QueryServiceBlockingStub queries() {
    return QueryServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(Duration.ofSeconds(10));
  }
}

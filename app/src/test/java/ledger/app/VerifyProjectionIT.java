package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import ledger.domain.AccountId;
import ledger.readmodel.ViewFields;
import ledger.readmodel.ViewKeys;
import ledger.testkit.TestInfra;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.AdminServiceGrpcClient;
import ledger.v1.Balance;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.VerifyProjectionRequest;
import ledger.v1.VerifyProjectionUpdate;
import ledger.v1.ViewDifference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * VerifyProjection holds every view to a replay of its events, through a whole process and
 * both kinds of client: true views audit clean, and each way a view can be wrong is named.
 */
class VerifyProjectionIT {

  @RegisterExtension
  static final ServerFixture ledger = new ServerFixture();

  @Test
  void views_the_projection_wrote_verify_with_no_difference() {
    projected("clean-1", 3);
    projected("clean-2", 1);

    for (List<VerifyProjectionUpdate> audit : List.of(viaGrpcJava("clean-1"), viaVertx("clean-1"),
        viaGrpcJava("clean-2"))) {
      assertThat(audit).hasSize(1);
      assertThat(audit.get(0).getSummary().getDifferences()).isZero();
      assertThat(audit.get(0).getSummary().getAccountsChecked()).isEqualTo(1);
    }
    assertThat(viaVertx("clean-1").get(0).getSummary().getEventsReplayed()).isEqualTo(3);
    assertThat(CliRun.of(ledger, "verify", "--account", "clean-1"))
        .isEqualTo(new CliRun(0, List.of("verified 1 account and 3 events against the event store: no differences")));
  }

  @Test
  void each_way_a_view_can_be_wrong_is_named_once_and_the_cli_exits_4() {
    for (String account : List.of("mismatch", "missing", "ahead", "stale", "untouched")) {
      projected(account, 2);
    }
    Redis redis = Redis.createClient(ledger.clientVertx, TestInfra.redisOptions());
    ViewKeys keys = new ViewKeys(ledger.keyPrefix);
    await(redis.send(Request.cmd(Command.HSET).arg(keys.account(AccountId.of("mismatch")))
        .arg(ViewFields.BALANCE).arg(999_999)));
    await(redis.send(Request.cmd(Command.DEL).arg(keys.account(AccountId.of("missing")))));
    await(redis.send(Request.cmd(Command.HSET).arg(keys.account(AccountId.of("ahead"))).arg(ViewFields.VERSION).arg(9)));
    writeTrueViewAtVersion1(redis, keys, "stale");
    redis.close();

    for (List<VerifyProjectionUpdate> audit : List.of(viaGrpcJava(""), viaVertx(""))) {
      Map<String, ViewDifference.Kind> found = new TreeMap<>();
      audit.stream().filter(VerifyProjectionUpdate::hasDifference).map(VerifyProjectionUpdate::getDifference)
          .forEach(d -> assertThat(found.put(d.getAccountId(), d.getKind())).as("named once: %s", d).isNull());
      assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of("mismatch", ViewDifference.Kind.MISMATCH,
          "missing", ViewDifference.Kind.MISSING, "ahead", ViewDifference.Kind.AHEAD,
          "stale", ViewDifference.Kind.STALE));
      VerifyProjectionUpdate last = audit.get(audit.size() - 1);
      assertThat(last.getSummary().getDifferences()).isEqualTo(4);
      assertThat(last.getSummary().getAccountsChecked()).isGreaterThanOrEqualTo(5);
    }
    CliRun cli = CliRun.of(ledger, "verify");
    assertThat(cli.exit()).isEqualTo(4);
    assertThat(cli.lines()).contains("MISMATCH mismatch: at version 2 the view is not the replay",
        "  balance_minor: view 999999, events 1000");
    assertThat(cli.lines().get(cli.lines().size() - 1)).endsWith(": 4 views differ");
  }

  /** Opens the account and deposits 10.00 until it is at {@code version}; returns once its view is there. */
  private static void projected(String account, int version) {
    CommandResult last = await(ledger.vertxClient.unary(CommandServiceGrpcClient.OpenAccount,
        OpenAccountRequest.newBuilder().setCommandId(account + "-open").setAccountId(account).setCurrency("USD")
            .build()));
    for (int v = 2; v <= version; v++) {
      last = await(ledger.vertxClient.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
          .setCommandId(account + "-d" + v).setAccountId(account).setAmountMinor(1_000).setCurrency("USD").build()));
    }
    await(ledger.vertxClient.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
        .setAccountId(account).setConsistencyToken(last.getConsistencyToken()).build()));
  }

  /** The view as it truly was at version 1: consistent in itself, but older than what the checkpoint covers. */
  private static void writeTrueViewAtVersion1(Redis redis, ViewKeys keys, String account) {
    Balance first = await(ledger.vertxClient.unary(QueryServiceGrpcClient.GetBalanceAt,
        GetBalanceAtRequest.newBuilder().setAccountId(account).setVersion(1).build()));
    Instant at = Instant.ofEpochSecond(first.getUpdatedAt().getSeconds(), first.getUpdatedAt().getNanos());
    await(redis.send(Request.cmd(Command.HSET).arg(keys.account(AccountId.of(account)))
        .arg(ViewFields.VERSION).arg(1).arg(ViewFields.BALANCE).arg(first.getBalanceMinor())
        .arg(ViewFields.GLOBAL_POSITION).arg(first.getGlobalPosition())
        .arg(ViewFields.UPDATED_AT_MICROS).arg(ChronoUnit.MICROS.between(Instant.EPOCH, at))));
  }

  private static List<VerifyProjectionUpdate> viaGrpcJava(String account) {
    List<VerifyProjectionUpdate> updates = new ArrayList<>();
    Iterator<VerifyProjectionUpdate> stream = AdminServiceGrpc.newBlockingStub(ledger.channel)
        .verifyProjection(VerifyProjectionRequest.newBuilder().setAccountId(account).build());
    stream.forEachRemaining(updates::add);
    return updates;
  }

  private static List<VerifyProjectionUpdate> viaVertx(String account) {
    List<VerifyProjectionUpdate> updates = new ArrayList<>();
    await(ledger.vertxClient.serverStream(AdminServiceGrpcClient.VerifyProjection,
        VerifyProjectionRequest.newBuilder().setAccountId(account).build(), updates::add));
    return updates;
  }
}

package ledger.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.client.GrpcClient;
import ledger.app.server.LedgerServer;
import ledger.app.server.ServerConfig;
import ledger.load.config.GhzConfig;
import ledger.load.config.GhzConfigParser;
import ledger.load.config.Overrides;
import ledger.load.grpc.MethodTarget;
import ledger.load.grpc.ReflectionClient;
import ledger.load.runner.LoadRunner;
import ledger.load.runner.RunResult;
import ledger.load.runner.ScenarioValidator;
import ledger.load.scenario.AccountSetup;
import ledger.load.template.CallData;
import ledger.load.template.Template;
import ledger.testkit.GrpcJava;
import ledger.testkit.TestInfra;
import ledger.testkit.Waits;
import ledger.v1.Balance;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ghz on its own: the setup configs (ghz/setup/, played in their numbered order) open and fund
 * the accounts every scenario addresses, on a fresh ledger where nothing else opened them, so
 * a tester needs only ghz and this repository. Also checks every ghz config in the repository
 * (scenarios, suite, setup) against the server's reflection, and renders each data template
 * the way ghz does (the whole JSON text as one template, then parsed into the request type).
 */
class GhzSetupIT {

  private static final int ACCOUNTS = 1_000;
  private static final long BALANCE = 1_000_000;
  private static LedgerServer server;
  private static int port;
  private static String host;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    port = TestInfra.freePort();
    server = LedgerServer.start(ServerConfig.defaults()
        .withEndpoints("127.0.0.1", port, TestInfra.freePort())
        .withStorage(Path.of("target", "unused-data"), TestInfra.pgUrl(TestInfra.freshDatabase("ghzsetup")),
            TestInfra.redisUrl(), TestInfra.freshPrefix("ghzsetup"))
        .withSizing(2, 8, 4)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)));
    host = "127.0.0.1:" + port;
    channel = GrpcJava.channel(port);
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      GrpcJava.close(channel);
    }
    if (server != null) {
      server.close();
    }
  }

  /** Every ghz config of the repository, in the order a tester plays them: setup first. */
  static List<Path> allConfigs() throws IOException {
    try (Stream<Path> walk = Files.walk(GhzFilesTest.ghzDir())) {
      return walk.filter(p -> p.toString().endsWith(".json")).sorted((a, b) -> {
        boolean sa = a.getParent().endsWith("setup");
        boolean sb = b.getParent().endsWith("setup");
        return sa == sb ? a.compareTo(b) : sa ? -1 : 1;
      }).toList();
    }
  }

  private static GhzConfig config(Path file, Long total) {
    return GhzConfigParser.parse(file).with(new Overrides(host, null, null, total, null, null, null, null, null));
  }

  private static RunResult play(String relative, Long total) {
    return new LoadRunner(null).run(config(GhzFilesTest.ghzDir().resolve(relative), total));
  }

  @Test
  void every_config_names_served_rpcs_and_fields_and_its_template_renders_as_ghz_renders_it() throws Exception {
    List<Path> files = allConfigs();
    assertThat(files).hasSizeGreaterThanOrEqualTo(11);
    try (ScenarioValidator validator = new ScenarioValidator()) {
      for (Path file : files) {
        // through both reflection versions; fields by name; the runner's renderer builds request 0
        assertThat(validator.check(config(file, null)).problems()).as(file.toString()).isEmpty();
      }
    }
    Vertx vertx = Vertx.vertx();
    GrpcClient client = GrpcClient.client(vertx, new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
    try {
      ReflectionClient reflection = new ReflectionClient(client, ledger.app.client.GrpcCalls.parseTarget(host),
          Duration.ofSeconds(10)).using(ReflectionClient.V1_ALPHA);
      for (Path file : files) {
        GhzConfig c = config(file, null);
        MethodTarget method = reflection.method(c.call()).await(20, TimeUnit.SECONDS);
        // ghz executes the data's JSON text as one Go template, then unmarshals it into the input type
        String text = new JsonObject(Files.readString(file)).getValue("data").toString();
        Template template = Template.parse(text);
        for (long n = 0; n < 3; n++) {
          String rendered = template.render(new CallData("g0c0", n, method.info(), System.nanoTime(),
              java.util.UUID.randomUUID().toString()), new SplittableRandom(n));
          DynamicMessage.Builder request = DynamicMessage.newBuilder(method.input());
          JsonFormat.parser().merge(rendered, request);
          assertThat(request.build().getAllFields()).as(file + " request " + n + ": " + rendered).isNotEmpty();
        }
      }
    } finally {
      client.close().await();
      vertx.close().await();
    }
  }

  @Test
  void the_setup_configs_alone_open_and_fund_every_account_the_scenarios_address_and_rerun_changes_nothing() {
    // an account opened earlier under another command: its OpenAccount answers ALREADY_EXISTS, which is fine
    CommandServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).openAccount(
        OpenAccountRequest.newBuilder().setCommandId("someone-else").setAccountId("acc-7").setCurrency("USD").build());

    RunResult open = play("setup/1-open-accounts.json", null);
    assertThat(open.statuses()).containsOnly(entry("OK", (long) ACCOUNTS - 1), entry("ALREADY_EXISTS", 1L));
    RunResult fund = play("setup/2-fund-accounts.json", null);
    assertThat(fund.statuses()).containsOnly(entry("OK", (long) ACCOUNTS));
    // the query side catches up within the projection lag; the tester reruns the check until all are OK
    Waits.until("the check config finds every account", Waits.EVENTUALLY,
        () -> play("setup/3-check-accounts.json", null), r -> r.ok() == ACCOUNTS);

    var query = QueryServiceGrpc.newBlockingStub(channel);
    Waits.eventually(() -> {
      for (int i = 0; i < ACCOUNTS; i++) {
        Balance b = query.withDeadlineAfter(10, TimeUnit.SECONDS)
            .getBalance(GetBalanceRequest.newBuilder().setAccountId("acc-" + i).build());
        assertThat(b.getBalanceMinor()).as("acc-" + i).isEqualTo(BALANCE);
        assertThat(b.getCurrency()).isEqualTo("USD");
      }
    });
    assertThat(notFound(query, "acc-1000")).isTrue();

    // rerun: the same command ids are deduplicated, nothing is deposited twice
    assertThat(play("setup/1-open-accounts.json", null).statuses())
        .containsOnly(entry("OK", (long) ACCOUNTS - 1), entry("ALREADY_EXISTS", 1L));
    assertThat(play("setup/2-fund-accounts.json", null).statuses()).containsOnly(entry("OK", (long) ACCOUNTS));
    // and `bench setup` uses the same command ids, so either tool after the other changes nothing
    AccountSetup.Result bench = new AccountSetup(new AccountSetup.Options(host, 20, "acc-", "USD", BALANCE, 4,
        Duration.ofSeconds(10))).run();
    assertThat(bench.opened()).isZero();
    assertThat(bench.funded()).isZero();
    assertThat(bench.fundedBefore()).isEqualTo(20);
    for (int i : new int[] {0, 7, 999}) {
      Balance b = query.withDeadlineAfter(10, TimeUnit.SECONDS)
          .getBalance(GetBalanceRequest.newBuilder().setAccountId("acc-" + i).build());
      assertThat(b.getBalanceMinor()).as("acc-" + i + " after the reruns").isEqualTo(BALANCE);
    }

    // every scenario then runs all OK on what the ghz setup left
    for (String file : List.of("deposit.json", "withdraw.json", "transfer.json", "balance.json",
        "balance-stream.json", "open-accounts.json")) {
      assertThat(play(file, 40L).statuses()).as(file).containsOnly(entry("OK", 40L));
    }
  }

  private static boolean notFound(QueryServiceGrpc.QueryServiceBlockingStub query, String account) {
    try {
      query.withDeadlineAfter(10, TimeUnit.SECONDS).getBalance(GetBalanceRequest.newBuilder().setAccountId(account)
          .build());
      return false;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.NOT_FOUND;
    }
  }
}

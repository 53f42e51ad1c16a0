package ledger.k8s.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import ledger.app.client.GrpcCalls;
import ledger.app.server.LedgerServer;
import ledger.app.server.ServerConfig;
import ledger.app.server.TlsSettings;
import ledger.domain.AccountId;
import ledger.readmodel.ConsistencyToken;
import ledger.testkit.ClassFixture;
import ledger.testkit.TestInfra;
import ledger.testkit.Waits;
import ledger.testkit.tls.Authority;
import ledger.testkit.tls.Issued;
import ledger.testkit.tls.TestCertificates;
import ledger.testkit.tls.TlsClients;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamBalanceRequest;
import ledger.v1.TransferRequest;
import ledger.v1.WithdrawRequest;

/**
 * A whole ledger process as production runs it (TLS on both ports, so the certificate's gauge
 * exists) over the test JVM's real PostgreSQL and Redis, after a workload that touches every
 * family the dashboard and the alerts read: commands, a rejected one, token reads that reach
 * their token and one that times out, and a balance stream left open. {@link #scrape} reads
 * /metrics as the PodMonitor does.
 */
final class ScrapedLedger extends ClassFixture {

  /** How long a token read waits at most: short, so the read that cannot be satisfied times out soon. */
  static final Duration TOKEN_WAIT = Duration.ofMillis(300);

  Issued serverCertificate;
  private Authority ca;
  private int httpPort;
  private GrpcCalls client;
  private final CompletableFuture<BalanceUpdate> firstStreamed = new CompletableFuture<>();

  @Override
  protected void open(String testClass) throws IOException {
    Path dir = Files.createTempDirectory("ledger-monitoring-");
    ca = TestCertificates.in(dir).authority("servers");
    serverCertificate = ca.server("server");
    int grpcPort = TestInfra.freePort();
    httpPort = TestInfra.freePort();
    ServerConfig config = ServerConfig.defaults()
        .withEndpoints("127.0.0.1", grpcPort, httpPort)
        .withStorage(Path.of("target", "unused-data"), TestInfra.pgUrl(TestInfra.freshDatabase(testClass)),
            TestInfra.redisUrl(), TestInfra.freshPrefix(testClass))
        .withSizing(2, 4, 4)
        .withTimeouts(TOKEN_WAIT, Duration.ofSeconds(1));
    track(LedgerServer.start(config.withSecurity(config.security()
        .withTls(TlsSettings.of(serverCertificate.certificateFile(), serverCertificate.keyFile())))));
    Vertx vertx = newVertx();
    client = track(new GrpcCalls(vertx, SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1"), Duration.ofSeconds(10),
        TlsClients.vertx(ca.certificateFile(), null)));
    workload();
  }

  private void workload() {
    openAccount("alice");
    openAccount("bob");
    CommandResult deposit = Waits.await(client.unary(CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
        .setCommandId("deposit-1").setAccountId("alice").setAmountMinor(10_000).setCurrency("EUR").build()));
    Waits.await(client.unary(CommandServiceGrpcClient.Transfer, TransferRequest.newBuilder().setCommandId("transfer-1")
        .setFromAccountId("alice").setToAccountId("bob").setAmountMinor(2_500).setCurrency("EUR").build()));
    Waits.await(client.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder().setAccountId("alice")
        .setConsistencyToken(deposit.getConsistencyToken()).build()));
    refused(client.unary(CommandServiceGrpcClient.Withdraw, WithdrawRequest.newBuilder().setCommandId("withdraw-1")
        .setAccountId("bob").setAmountMinor(1_000_000).setCurrency("EUR").build()));
    // A token naming a version alice will not reach: the read waits TOKEN_WAIT, then CONSISTENCY_WAIT_TIMEOUT.
    ConsistencyToken issued = ConsistencyToken.decode(deposit.getConsistencyToken());
    String unreachable = new ConsistencyToken(Map.of(AccountId.of("alice"), 1_000L), issued.commitPoint()).encode();
    refused(client.unary(QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder().setAccountId("alice")
        .setConsistencyToken(unreachable).build()));
    client.serverStream(QueryServiceGrpcClient.StreamBalance, StreamBalanceRequest.newBuilder().setAccountId("bob")
        .build(), firstStreamed::complete);
    try {
      firstStreamed.get(Waits.LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the balance stream sent nothing", e);
    }
  }

  private void openAccount(String account) {
    Waits.await(client.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
        .setCommandId("open-" + account).setAccountId(account).setCurrency("EUR").build()));
  }

  /** Waits for a call that must fail, and returns its failure. */
  private static Throwable refused(Future<?> call) {
    Throwable failure = Waits.await(call.map(ignored -> (Throwable) null).otherwise(e -> e));
    if (failure == null) {
      throw new IllegalStateException("the call was expected to be refused");
    }
    return failure;
  }

  /** /metrics as the PodMonitor reads it: its path, over TLS (the HTTP port serves TLS too). */
  String scrape() {
    String path = MonitoringFiles.podMonitor().getSpec().getPodMetricsEndpoints().get(0).getPath();
    try {
      HttpResponse<String> response = TlsClients.https(ca.certificateFile()).send(HttpRequest.newBuilder(
              URI.create("https://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

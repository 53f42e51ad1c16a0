package ledger.load;

import static ledger.testkit.Waits.await;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.streams.WriteStream;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.StatusException;
import ledger.grpc.ReflectionService;
import ledger.v1.Balance;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcService;
import ledger.v1.CommandServiceService;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.QueryServiceGrpcService;
import ledger.v1.QueryServiceService;
import ledger.v1.StreamBalanceRequest;
import ledger.v1.StreamVersion;

/**
 * A stand-in ledger for the runner's own tests: the real ledger.v1 services and reflection
 * on a free port, answering from memory in well-known ways, and counting what it sees.
 * Deposits of 13 minor units fail with FAILED_PRECONDITION; a deposit of 14 takes
 * {@link #slowMillis}; streams on accounts named "finite-*" send three messages 300 ms
 * apart and end, other streams send one and stay open.
 */
public final class FakeLedger implements AutoCloseable {

  public final AtomicInteger connections = new AtomicInteger();
  public final Set<String> commandIds = ConcurrentHashMap.newKeySet();
  public final Set<String> references = ConcurrentHashMap.newKeySet();
  /** The {@code authorization} and {@code x-request} metadata of each ledger.v1 call, in arrival order. */
  public final Queue<String> metadata = new ConcurrentLinkedQueue<>();
  public volatile long slowMillis = 2_000;
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final HttpServer server;

  private FakeLedger(boolean reflectionV1) {
    this(reflectionV1, new HttpServerOptions());
  }

  private FakeLedger(boolean reflectionV1, HttpServerOptions options) {
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setScheduleDeadlineAutomatically(true));
    grpc.addService(CommandServiceGrpcService.of(new Commands()));
    grpc.addService(QueryServiceGrpcService.of(new Queries()));
    if (reflectionV1) {
      grpc.addService(ReflectionService.v1());
    }
    grpc.addService(ReflectionService.v1alpha());
    server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0))
        .connectionHandler(c -> connections.incrementAndGet())
        .requestHandler(request -> {
          if (request.path().startsWith("/ledger.v1.")) {
            metadata.add(request.getHeader("authorization") + " " + request.getHeader("x-request"));
          }
          grpc.handle(request);
        });
    await(server.listen());
  }

  /** Serving both reflection versions, as the ledger does. */
  public static FakeLedger start() {
    return new FakeLedger(true);
  }

  /** Serving only grpc.reflection.v1alpha, like older servers. */
  public static FakeLedger startWithV1AlphaOnly() {
    return new FakeLedger(false);
  }

  /**
   * Over TLS with this certificate and key (PEM); with {@code clientCa}, mutual TLS: a client without
   * a certificate that CA signed is refused in the handshake.
   */
  public static FakeLedger startTls(String certificatePem, String keyPem, String clientCa) {
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setUseAlpn(true).setKeyCertOptions(
        new PemKeyCertOptions().setCertValue(Buffer.buffer(certificatePem)).setKeyValue(Buffer.buffer(keyPem)));
    if (clientCa != null) {
      options.setClientAuth(ClientAuth.REQUIRED).setTrustOptions(new PemTrustOptions().addCertValue(
          Buffer.buffer(clientCa)));
    }
    return new FakeLedger(true, options);
  }

  public String host() {
    return "127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() {
    await(server.close());
    await(vertx.close());
  }

  private final class Commands extends CommandServiceService {
    @Override
    public Future<CommandResult> deposit(DepositRequest request) {
      commandIds.add(request.getCommandId());
      references.add(request.getReference());
      CommandResult result = CommandResult.newBuilder().setConsistencyToken("t1")
          .addVersions(StreamVersion.newBuilder().setAccountId(request.getAccountId()).setVersion(2)).build();
      if (request.getAmountMinor() == 13) {
        return Future.failedFuture(new StatusException(GrpcStatus.FAILED_PRECONDITION, "insufficient funds"));
      }
      if (request.getAmountMinor() == 14) {
        Promise<CommandResult> later = Promise.promise();
        vertx.setTimer(slowMillis, id -> later.tryComplete(result));
        return later.future();
      }
      return Future.succeededFuture(result);
    }
  }

  private final class Queries extends QueryServiceService {
    @Override
    public Future<Balance> getBalance(GetBalanceRequest request) {
      return Future.succeededFuture(balance(request.getAccountId(), 1));
    }

    @Override
    protected void streamBalance(StreamBalanceRequest request, WriteStream<BalanceUpdate> response) {
      response.write(BalanceUpdate.newBuilder().setBalance(balance(request.getAccountId(), 1)).build());
      if (request.getAccountId().startsWith("finite-")) {
        vertx.setTimer(300, a -> response.write(update(request, 2))
            .onSuccess(b -> vertx.setTimer(300, c -> response.end(update(request, 3)))));
      }
    }

    private BalanceUpdate update(StreamBalanceRequest request, long version) {
      return BalanceUpdate.newBuilder().setBalance(balance(request.getAccountId(), version))
          .setEventType("MoneyDeposited").setDeltaMinor(1).build();
    }

    private Balance balance(String account, long version) {
      return Balance.newBuilder().setAccountId(account).setBalanceMinor(100).setCurrency("USD").setVersion(version)
          .build();
    }
  }
}

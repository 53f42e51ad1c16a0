package ledger.load;

import static ledger.testkit.Waits.await;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
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
  public volatile long slowMillis = 2_000;
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final HttpServer server;

  private FakeLedger(boolean reflectionV1) {
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setScheduleDeadlineAutomatically(true));
    grpc.addService(CommandServiceGrpcService.of(new Commands()));
    grpc.addService(QueryServiceGrpcService.of(new Queries()));
    if (reflectionV1) {
      grpc.addService(ReflectionService.v1());
    }
    grpc.addService(ReflectionService.v1alpha());
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .connectionHandler(c -> connections.incrementAndGet())
        .requestHandler(grpc);
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

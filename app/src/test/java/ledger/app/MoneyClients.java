package ledger.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import ledger.app.MoneyOperation.Deposit;
import ledger.app.MoneyOperation.Transfer;
import ledger.app.MoneyOperation.Withdraw;
import ledger.app.client.GrpcCallException;
import ledger.app.client.GrpcCalls;
import ledger.testkit.GrpcJava;
import ledger.testkit.Waits;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpcClient;

/**
 * Plays a plan with concurrent clients of both kinds, each taking the next operation as soon
 * as its previous one is answered: Vert.x GrpcCalls clients (each its own connection, driven
 * from an event loop) and grpc-java blocking stubs (each its own channel and thread).
 */
final class MoneyClients {

  private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
  private static final Duration WORKLOAD_LIMIT = Duration.ofSeconds(180);

  private final List<MoneyOperation> plan;
  private final MoneyTally tally;
  private final AtomicInteger next = new AtomicInteger();

  MoneyClients(List<MoneyOperation> plan, MoneyTally tally) {
    this.plan = plan;
    this.tally = tally;
  }

  /** Returns when every operation of the plan has an answer. */
  void play(Vertx vertx, int port, int vertxClients, int grpcJavaClients) throws Exception {
    List<GrpcCalls> vertxCalls = new ArrayList<>();
    List<ManagedChannel> channels = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(grpcJavaClients);
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int i = 0; i < vertxClients; i++) {
        GrpcCalls calls = new GrpcCalls(vertx, SocketAddress.inetSocketAddress(port, "127.0.0.1"), CALL_DEADLINE);
        vertxCalls.add(calls);
        running.add(vertxLoop(calls));
      }
      List<java.util.concurrent.Future<?>> blocking = new ArrayList<>();
      for (int i = 0; i < grpcJavaClients; i++) {
        ManagedChannel channel = GrpcJava.channel(port);
        channels.add(channel);
        blocking.add(threads.submit(() -> grpcJavaLoop(CommandServiceGrpc.newBlockingStub(channel))));
      }
      Waits.await(Future.all(running), WORKLOAD_LIMIT);
      for (java.util.concurrent.Future<?> client : blocking) {
        client.get(WORKLOAD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      threads.shutdownNow();
      channels.forEach(ManagedChannel::shutdownNow);
      vertxCalls.forEach(GrpcCalls::close);
    }
  }

  private MoneyOperation take() {
    int index = next.getAndIncrement();
    return index < plan.size() ? plan.get(index) : null;
  }

  private Future<Void> vertxLoop(GrpcCalls calls) {
    MoneyOperation operation = take();
    if (operation == null) {
      return Future.succeededFuture();
    }
    return send(calls, operation).transform(answered -> {
      if (answered.succeeded()) {
        tally.accepted(operation, answered.result());
      } else if (answered.cause() instanceof GrpcCallException refused) {
        tally.failed(operation, refused.status().name(), refused.reason(), refused.getMessage());
      } else {
        tally.failed(operation, "CLIENT_ERROR", answered.cause().getClass().getSimpleName(),
            answered.cause().getMessage());
      }
      return vertxLoop(calls);
    });
  }

  private static Future<CommandResult> send(GrpcCalls calls, MoneyOperation operation) {
    if (operation instanceof Deposit deposit) {
      return calls.unary(CommandServiceGrpcClient.Deposit, deposit.request());
    } else if (operation instanceof Withdraw withdraw) {
      return calls.unary(CommandServiceGrpcClient.Withdraw, withdraw.request());
    } else if (operation instanceof Transfer transfer) {
      return calls.unary(CommandServiceGrpcClient.Transfer, transfer.request());
    }
    throw new IllegalArgumentException("unknown operation " + operation);
  }

  private void grpcJavaLoop(CommandServiceGrpc.CommandServiceBlockingStub commands) {
    for (MoneyOperation operation = take(); operation != null; operation = take()) {
      CommandServiceGrpc.CommandServiceBlockingStub stub =
          commands.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      try {
        tally.accepted(operation, send(stub, operation));
      } catch (StatusRuntimeException refused) {
        tally.failed(operation, refused.getStatus().getCode().name(), reasonOf(refused),
            refused.getStatus().getDescription());
      } catch (RuntimeException e) {
        tally.failed(operation, "CLIENT_ERROR", e.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  private static CommandResult send(CommandServiceGrpc.CommandServiceBlockingStub stub, MoneyOperation operation) {
    if (operation instanceof Deposit deposit) {
      return stub.deposit(deposit.request());
    } else if (operation instanceof Withdraw withdraw) {
      return stub.withdraw(withdraw.request());
    } else if (operation instanceof Transfer transfer) {
      return stub.transfer(transfer.request());
    }
    throw new IllegalArgumentException("unknown operation " + operation);
  }

  /** The ErrorInfo reason of a grpc-java failure, null when the server sent none, UNREADABLE_DETAILS when malformed. */
  static String reasonOf(StatusRuntimeException failure) {
    try {
      ErrorInfo info = GrpcJava.errorInfo(failure);
      return info == null ? null : info.getReason();
    } catch (IllegalArgumentException | AssertionError e) {
      return "UNREADABLE_DETAILS";
    }
  }
}

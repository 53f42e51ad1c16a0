package ledger.app.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import ledger.app.client.GrpcCalls;
import ledger.grpc.ErrorDetails;
import ledger.grpc.ProtoTime;
import ledger.v1.BalanceUpdate;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamBalanceRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "watch", mixinStandardHelpOptions = true,
    description = "Streams an account's balance as it changes, until Ctrl-C.")
public final class WatchCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", description = "Account id")
  String accountId;

  @Option(names = "--from-version", description = "Start with the change that made this version (resume with last + 1)")
  Long fromVersion;

  @Option(names = "--token", description = "Start no earlier than the write that printed this token")
  String token;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx();
    GrpcClient grpc = GrpcClient.client(vertx);
    CountDownLatch ended = new CountDownLatch(1);
    AtomicInteger exit = new AtomicInteger();
    StreamBalanceRequest.Builder request = StreamBalanceRequest.newBuilder().setAccountId(accountId);
    if (fromVersion != null) {
      request.setFromVersion(fromVersion);
    }
    if (token != null) {
      request.setConsistencyToken(token);
    }
    grpc.request(GrpcCalls.parseTarget(client.target), QueryServiceGrpcClient.StreamBalance)
        .compose(call -> call.send(request.build()))
        .onSuccess(response -> {
          response.handler(update -> {
            out.println(line(update));
            out.flush();
          });
          response.endHandler(done -> {
            if (response.status() != null && response.status() != GrpcStatus.OK) {
              var info = ErrorDetails.read(response.trailers(), response.headers());
              err.println("error: " + response.status() + (info == null ? "" : " " + info.getReason()) + ": "
                  + response.statusMessage());
              exit.set(response.status() == GrpcStatus.UNAVAILABLE ? 3 : 1);
            }
            ended.countDown();
          });
          response.exceptionHandler(failure -> {
            err.println("error: the stream broke: " + failure.getMessage());
            exit.set(3);
            ended.countDown();
          });
        })
        .onFailure(failure -> {
          err.println("error: cannot reach the ledger at " + client.target + ": " + failure.getMessage());
          exit.set(3);
          ended.countDown();
        });
    ended.await();
    vertx.close();
    return exit.get();
  }

  static String line(BalanceUpdate update) {
    var balance = update.getBalance();
    Instant at = ProtoTime.instant(balance.getUpdatedAt());
    String change = update.getEventType().isEmpty() ? "now"
        : update.getEventType() + (update.getDeltaMinor() == 0 ? ""
            : " " + (update.getDeltaMinor() > 0 ? "+" : "-")
            + Format.amount(Math.abs(update.getDeltaMinor()), balance.getCurrency()));
    return String.format("v%-6d %s  %s  %s  (%s)", balance.getVersion(), at, change,
        Format.money(balance.getBalanceMinor(), balance.getCurrency()), balance.getStatus());
  }
}

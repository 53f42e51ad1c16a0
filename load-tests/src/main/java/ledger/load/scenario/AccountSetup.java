package ledger.load.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.common.GrpcStatus;
import ledger.app.client.GrpcCallException;
import ledger.load.grpc.Connections;
import ledger.load.grpc.Connections.Connection;
import ledger.load.grpc.TypedCalls;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpcClient;

/**
 * Opens accounts {prefix}0 .. {prefix}{N-1} and gives each a starting balance, so that the
 * ghz scenarios that address {@code acc-{{randomInt 0 N}}} find them. Idempotent: the
 * command ids are derived from the account (and the amount), so running it again changes
 * nothing; an account opened earlier by other means counts as there. Returns once every
 * account is readable through the query side (a GetBalance with the last command's token),
 * so a balance scenario started right after finds them all.
 */
public final class AccountSetup {

  /** What to set up. @param balanceMinor the starting balance in minor units; 0 for none */
  public record Options(String host, int accounts, String prefix, String currency, long balanceMinor,
                        int concurrency, Duration timeout) {
  }

  /** What happened; {@code failed} counts accounts that are not usable, with a sample of why. */
  public record Result(int accounts, long opened, long alreadyThere, long funded, long fundedBefore, long failed,
                       Map<String, Long> errors) {

    public boolean ok() {
      return failed == 0;
    }
  }

  private final Options options;

  public AccountSetup(Options options) {
    this.options = options;
  }

  /** Blocking; call it from a plain thread. */
  public Result run() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try (Connections connections = Connections.open(vertx, 2, Duration.ofSeconds(10))) {
      return run(connections);
    } finally {
      vertx.close().await();
    }
  }

  /** Runs over connections the caller owns (the stream-lag scenario shares its own). */
  public Result run(Connections connections) {
    SocketAddress target = ledger.app.client.GrpcCalls.parseTarget(options.host());
    TypedCalls calls = new TypedCalls(target, options.timeout());
    Counts counts = new Counts();
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> chains = new ArrayList<>();
    for (int c = 0; c < options.concurrency(); c++) {
      Connection connection = connections.get(c % connections.size());
      Promise<Void> chain = Promise.promise();
      connection.context().runOnContext(v -> nextAccount(calls, connection, next, counts, chain));
      chains.add(chain.future());
    }
    try {
      Future.all(chains).await(10, TimeUnit.MINUTES);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("setting up " + options.accounts() + " accounts took over 10 minutes", e);
    }
    return new Result(options.accounts(), counts.opened.get(), counts.alreadyThere.get(), counts.funded.get(),
        counts.fundedBefore.get(), counts.failed.get(), Map.copyOf(counts.errors));
  }

  public static String account(String prefix, int i) {
    return prefix + i;
  }

  private void nextAccount(TypedCalls calls, Connection connection, AtomicInteger next, Counts counts,
                           Promise<Void> chain) {
    int i = next.getAndIncrement();
    if (i >= options.accounts()) {
      chain.complete();
      return;
    }
    String account = account(options.prefix(), i);
    open(calls, connection, account, counts)
        .compose(token -> options.balanceMinor() > 0 ? fund(calls, connection, account, counts) : Future.succeededFuture(token))
        .compose(token -> calls.unary(connection, QueryServiceGrpcClient.GetBalance, GetBalanceRequest.newBuilder()
            .setAccountId(account).setConsistencyToken(token).build()))
        .onFailure(failure -> {
          counts.failed.incrementAndGet();
          String message = failure instanceof GrpcCallException e ? e.status() + ": " + e.getMessage()
              : failure.toString();
          counts.errors.merge(message, 1L, Long::sum);
        })
        .onComplete(done -> nextAccount(calls, connection, next, counts, chain));
  }

  /** Opens the account; the token of its opening, or "" when it was there before under another command. */
  private Future<String> open(TypedCalls calls, Connection connection, String account, Counts counts) {
    return calls.unary(connection, CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
            .setCommandId("setup-open-" + account).setAccountId(account).setCurrency(options.currency()).build())
        .map(result -> {
          (result.getDeduplicated() ? counts.alreadyThere : counts.opened).incrementAndGet();
          return result.getConsistencyToken();
        })
        .recover(failure -> {
          if (TypedCalls.statusOf(failure) == GrpcStatus.ALREADY_EXISTS) {
            counts.alreadyThere.incrementAndGet();
            return Future.succeededFuture("");
          }
          return Future.failedFuture(failure);
        });
  }

  private Future<String> fund(TypedCalls calls, Connection connection, String account, Counts counts) {
    return calls.unary(connection, CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
            .setCommandId("setup-fund-" + account + "-" + options.balanceMinor()).setAccountId(account)
            .setAmountMinor(options.balanceMinor()).setCurrency(options.currency()).setReference("bench setup").build())
        .map((CommandResult result) -> {
          (result.getDeduplicated() ? counts.fundedBefore : counts.funded).incrementAndGet();
          return result.getConsistencyToken();
        });
  }

  private static final class Counts {
    final AtomicLong opened = new AtomicLong();
    final AtomicLong alreadyThere = new AtomicLong();
    final AtomicLong funded = new AtomicLong();
    final AtomicLong fundedBefore = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final Map<String, Long> errors = new ConcurrentHashMap<>();
  }
}

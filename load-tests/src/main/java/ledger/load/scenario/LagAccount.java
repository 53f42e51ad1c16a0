package ledger.load.scenario;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import ledger.app.client.GrpcCallException;
import ledger.load.grpc.Connections.Connection;
import ledger.load.grpc.Statuses;
import ledger.load.grpc.TypedCalls;
import ledger.load.runner.Tally;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.StreamBalanceRequest;

/**
 * One account of the stream-lag scenario: its StreamBalance stream, and the deposits of the
 * run still waiting for their stream message, by amount (each deposit on an account has an
 * amount of its own: 1, 2, 3 ...). Used only from its connection's event loop, except
 * {@link #pending()}, which the scenario polls at the end.
 */
final class LagAccount {

  static final String DEPOSIT = "Deposit (scheduled start to answer)";
  static final String AFTER_ANSWER = "from the Deposit's answer to its message (0 when the message came first)";
  static final String UPDATES = "stream updates received";
  static final String BEFORE_ANSWER = "delivered before the deposit's answer";
  static final String GAPS = "version gaps or repeats";
  static final String FOREIGN = "updates not from this run";
  static final String ENDED = "streams that ended early";

  private final String id;
  private final Connection connection;
  private final String currency;
  private final String commandPrefix;
  private final Map<Long, Long> pending = new ConcurrentHashMap<>();
  /** Deposits answered and still waiting for their message: amount to the arrival of the answer. */
  private final Map<Long, Long> answered = new HashMap<>();
  private volatile Tally tally;
  private long nextAmount = 1;
  private long lastVersion;
  private boolean closing;
  private GrpcClientRequest<StreamBalanceRequest, BalanceUpdate> stream;

  LagAccount(String id, Connection connection, String currency, String commandPrefix) {
    this.id = id;
    this.connection = connection;
    this.currency = currency;
    this.commandPrefix = commandPrefix;
  }

  Connection connection() {
    return connection;
  }

  /** Deposits still waiting for their message: amount to the time just before the deposit was sent. */
  Map<Long, Long> pending() {
    return pending;
  }

  /** From now on, deliveries and stream trouble are counted into this tally. */
  void measureInto(Tally measured) {
    this.tally = measured;
  }

  /** Opens the stream; completes with its first message (the account's current state). */
  Future<Void> open(SocketAddress target) {
    Promise<Void> first = Promise.promise();
    connection.context().runOnContext(v -> connection.client().request(target, QueryServiceGrpcClient.StreamBalance)
        .compose(req -> {
          stream = req;
          return req.send(StreamBalanceRequest.newBuilder().setAccountId(id).build());
        })
        .onFailure(first::tryFail)
        .onSuccess(response -> {
          response.handler(update -> {
            if (first.tryComplete()) {
              lastVersion = update.getBalance().getVersion();
            } else {
              onUpdate(update);
            }
          });
          response.endHandler(end -> ended(first, response.status(), response.statusMessage()));
          response.exceptionHandler(e -> ended(first, Statuses.of(e), Statuses.message(e)));
        }));
    return first.future();
  }

  /** Sends the next deposit of this account; {@code release} runs once it has answered. */
  void deposit(TypedCalls calls, long n, long intended, Runnable release) {
    long amount = nextAmount++;
    pending.put(amount, System.nanoTime());
    calls.unary(connection, CommandServiceGrpcClient.Deposit, DepositRequest.newBuilder()
            .setCommandId(commandPrefix + n).setAccountId(id).setAmountMinor(amount).setCurrency(currency)
            .setReference("bench stream-lag").build())
        .onComplete(answer -> {
          long now = System.nanoTime();
          if (answer.succeeded()) {
            tally.recordExtra(DEPOSIT, now - intended);
            if (pending.containsKey(amount)) {
              answered.put(amount, now);
            } else {
              tally.add(BEFORE_ANSWER, 1);
            }
          } else if (pending.remove(amount) != null) {
            tally.record(TypedCalls.statusOf(answer.cause()).name(), "Deposit: " + answer.cause().getMessage(), 0, now);
          }
          release.run();
        });
  }

  void close() {
    closing = true;
    if (stream != null) {
      try {
        stream.cancel();
      } catch (RuntimeException alreadyEnded) {
        // the stream ended on its own
      }
    }
  }

  private void onUpdate(BalanceUpdate update) {
    Tally t = tally;
    if (t == null) {
      return;
    }
    t.add(UPDATES, 1);
    long version = update.getBalance().getVersion();
    if (version != lastVersion + 1) {
      t.add(GAPS, 1);
    }
    lastVersion = Math.max(lastVersion, version);
    Long sent = "MoneyDeposited".equals(update.getEventType()) ? pending.remove(update.getDeltaMinor()) : null;
    if (sent == null) {
      t.add(FOREIGN, 1);
      return;
    }
    long now = System.nanoTime();
    t.record("OK", null, now - sent, now);
    Long answer = answered.remove(update.getDeltaMinor());
    t.recordExtra(AFTER_ANSWER, answer == null ? 0 : now - answer);
  }

  private void ended(Promise<Void> first, GrpcStatus status, String message) {
    Tally t = tally;
    if (!first.tryFail(new GrpcCallException(status == null ? GrpcStatus.UNKNOWN : status, message, null))
        && !closing && t != null) {
      t.add(ENDED, 1);
    }
  }
}

package ledger.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import ledger.app.client.ConnectionFailure;
import ledger.app.client.GrpcCallException;
import ledger.app.client.GrpcCalls;
import ledger.domain.InvalidInputException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A client subcommand: one or more calls, a readable answer on stdout, or the server's
 * status, reason and message on stderr with a non-zero exit code.
 */
abstract class ClientCommand implements Callable<Integer> {

  static final int REFUSED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;

  @Mixin
  ClientOptions client;

  @Spec
  CommandSpec spec;

  abstract Future<String> execute(GrpcCalls calls);

  /** The exit code once {@link #execute} answered; a command whose answer is bad news says so here. */
  int exitCode() {
    return 0;
  }

  /** The deadline of each call; a command whose call runs long (a full rebuild) allows more. */
  Duration callTimeout() {
    return Duration.ofMillis(client.timeoutMillis);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx();
    try (GrpcCalls calls = new GrpcCalls(vertx, GrpcCalls.parseTarget(client.target),
        callTimeout(), client.tls.transport(), client.authToken)) {
      String answer = execute(calls).await(callTimeout().toMillis() * 2 + 5000, TimeUnit.MILLISECONDS);
      out.println(answer);
      return exitCode();
    } catch (GrpcCallException e) {
      String refusal = CallerRefusals.describe(e);
      if (refusal != null) {
        err.println(refusal);
        return REFUSED;
      }
      err.println("error: " + e.status().name() + (e.reason() == null ? "" : " " + e.reason()) + ": " + e.getMessage());
      // In key order: the server sends the facts in no fixed order, and the same refusal must read the same.
      new TreeMap<>(e.metadata()).forEach((key, value) -> err.println("  " + key + " = " + value));
      return e.status() == GrpcStatus.UNAVAILABLE || e.status() == GrpcStatus.DEADLINE_EXCEEDED ? UNREACHABLE : REFUSED;
    } catch (IllegalArgumentException | InvalidInputException e) {
      err.println("error: " + e.getMessage());
      return USAGE;
    } catch (Exception e) {
      err.println("error: " + ConnectionFailure.describe(e, client.target, client.tls.enabled(),
          client.tls.certificate != null));
      return UNREACHABLE;
    } finally {
      vertx.close().await();
    }
  }

  static String newCommandId() {
    return "cli-" + UUID.randomUUID();
  }
}

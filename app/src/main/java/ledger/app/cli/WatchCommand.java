package ledger.app.cli;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.vertx.grpc.common.GrpcStatus;
import ledger.app.client.ConnectionFailure;
import ledger.app.client.GrpcCallException;
import ledger.client.BalanceListener;
import ledger.client.BalanceWatch;
import ledger.client.Ending;
import ledger.grpc.ProtoTime;
import ledger.v1.BalanceUpdate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

@Command(name = "watch", mixinStandardHelpOptions = true,
    description = "Streams an account's balance as it changes, one line per change with its delta, until Ctrl-C; "
        + "after a disconnect it reconnects and resumes after the last version it printed.")
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
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ManagedChannel channel;
    BalanceWatch.Builder watch;
    try {
      channel = WatchChannel.open(client);
      watch = BalanceWatch.of(channel, accountId).credentials(WatchChannel.bearer(client.authToken)).afterToken(token);
      if (fromVersion != null) {
        watch.fromVersion(fromVersion);
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return ClientCommand.USAGE;
    }
    Printer printer = new Printer(out, err);
    Runnable restoreCtrlC = onCtrlC(printer.ended::countDown);
    try (BalanceWatch running = watch.start(printer)) {
      printer.ended.await();
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return ClientCommand.USAGE;
    } catch (InterruptedException stopped) {
      // Stopped by its caller (a test running the command in-process): as Ctrl-C, a normal end.
    } finally {
      restoreCtrlC.run();
      channel.shutdownNow();
      out.flush();
      err.flush();
    }
    return printer.exit.get();
  }

  /**
   * Prints each change to stdout and each reconnection and the end to stderr. BalanceWatch calls
   * it one thing at a time.
   */
  private final class Printer implements BalanceListener {
    private final PrintWriter out;
    private final PrintWriter err;
    final CountDownLatch ended = new CountDownLatch(1);
    final AtomicInteger exit = new AtomicInteger();
    private long last = -1;

    Printer(PrintWriter out, PrintWriter err) {
      this.out = out;
      this.err = err;
    }

    @Override
    public void onUpdate(BalanceUpdate update) {
      last = update.getBalance().getVersion();
      out.println(line(update));
      out.flush();
    }

    @Override
    public void onDisconnected(int attempt, Ending ending, Duration retryIn) {
      if (last < 0 && attempt == 1 && ending.status().getCode() == Status.Code.UNAVAILABLE
          && neverConnected(ending.status().getCause())) {
        // Not reached even once (wrong address, TLS): say so as the other commands do, rather than retry forever.
        // A call that did connect and waits for its first change (a --from-version ahead) resumes instead.
        err.println("error: " + ConnectionFailure.describe(ending.status().getCause(), client.target,
            client.tls.enabled(), client.tls.certificate != null));
        err.flush();
        exit.set(ClientCommand.UNREACHABLE);
        ended.countDown();
        return;
      }
      err.println("disconnected (" + ending + "); resuming " + (last >= 0 ? "from v" + (last + 1)
          : fromVersion != null ? "from v" + fromVersion : "from the start")
          + " in " + retryIn.toMillis() + " ms" + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
      err.flush();
    }

    @Override
    public void onError(Ending ending) {
      GrpcCallException refusal = new GrpcCallException(GrpcStatus.valueOf(ending.status().getCode().value()),
          ending.status().getDescription(), ending.reason() == null ? null
              : ErrorInfo.newBuilder().setReason(ending.reason()).putAllMetadata(ending.metadata()).build());
      String line = CallerRefusals.describe(refusal);
      if (line != null) {
        err.println(line);
      } else {
        err.println("error: " + refusal.status().name() + (refusal.reason() == null ? "" : " " + refusal.reason())
            + ": " + refusal.getMessage());
        new TreeMap<>(refusal.metadata()).forEach((key, value) -> err.println("  " + key + " = " + value));
      }
      err.flush();
      exit.set(ClientCommand.REFUSED);
      ended.countDown();
    }
  }

  /**
   * Whether a call's cause says no connection was made (refused, no such host or route, a failed
   * TLS handshake), not that one was lost: the server sends no headers before a stream's first
   * message, so a call waiting for it is told from an unanswered one by the cause alone.
   */
  static boolean neverConnected(Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException || c instanceof UnknownHostException
          || c instanceof UnresolvedAddressException || c instanceof SSLException) {
        return true;
      }
    }
    return false;
  }

  /** Makes Ctrl-C run {@code stop} instead of ending the JVM; returns what puts the previous handling back. */
  private static Runnable onCtrlC(Runnable stop) {
    try {
      Signal interrupt = new Signal("INT");
      SignalHandler previous = Signal.handle(interrupt, signal -> stop.run());
      return () -> Signal.handle(interrupt, previous);
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError unavailable) {
      return () -> { };
    }
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

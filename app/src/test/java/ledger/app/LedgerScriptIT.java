package ledger.app;

import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ledger.testkit.TestInfra;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front door as a newcomer uses it: {@code ./ledger serve} with its embedded
 * PostgreSQL and Redis, the client subcommands, a clean stop, a kill -9, and restarts
 * that find every account as it was.
 */
class LedgerScriptIT {

  private static final Path SCRIPT = Path.of("..", "ledger").toAbsolutePath().normalize();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path work;

  private final int grpcPort = TestInfra.freePort();
  private final int httpPort = TestInfra.freePort();
  private final List<Process> servers = new ArrayList<>();

  @Test
  void serve_open_deposit_withdraw_balance_survive_a_stop_and_a_kill() throws Exception {
    Process server = serve("first");
    assertThat(Files.readString(work.resolve("data/postgres/postmaster.opts")))
        .as("the embedded PostgreSQL commits durably (zonky's defaults turn fsync off)")
        .contains("fsync=on", "synchronous_commit=on");
    assertThat(client("open", "acc-1", "USD").out).contains("opened acc-1 in USD");
    assertThat(client("deposit", "acc-1", "25.00").out).contains("deposited 25.00 USD to acc-1", "version 2");
    Run withdrawal = client("withdraw", "acc-1", "5.00");
    assertThat(client("balance", "acc-1", "--token", token(withdrawal)).out).contains("acc-1: 20.00 USD", "version 3");

    assertThat(client("open", "acc-2", "USD").out).contains("opened acc-2");
    Run transfer = client("transfer", "acc-1", "acc-2", "7.50", "--reference", "rent");
    assertThat(transfer.out)
        .contains("transferred 7.50 USD from acc-1 to acc-2", "acc-1 at version 4", "acc-2 at version 2");
    assertThat(client("freeze", "acc-2", "--reason", "check").out).contains("froze acc-2");
    assertThat(client("freeze", "acc-2").out).contains("nothing to change");
    assertThat(client(1, "deposit", "acc-2", "1").err).contains("FAILED_PRECONDITION ACCOUNT_FROZEN");
    assertThat(client("unfreeze", "acc-2").out).contains("unfroze acc-2");
    assertThat(client("history", "acc-1").out)
        .contains("AccountOpened", "MoneyDeposited", "+25.00", "MoneyWithdrawn", "-5.00", "TransferSent", "-7.50",
            "12.50", "to acc-2: rent");
    assertThat(client("balance", "acc-1", "--at", "2").out).contains("acc-1: 25.00 USD", "version 2");
    assertThat(client("withdraw", "acc-2", "7.50").out).contains("withdrew 7.50 USD");
    Run closed = client("close", "acc-2");
    assertThat(closed.out).contains("closed acc-2");
    assertThat(client("balance", "acc-2", "--token", token(closed)).out).contains("status CLOSED");

    Run refused = client(1, "withdraw", "acc-1", "100");
    assertThat(refused.err).contains("FAILED_PRECONDITION INSUFFICIENT_FUNDS");
    Run badToken = client(1, "balance", "acc-1", "--token", "not-a-token");
    assertThat(badToken.err).contains("INVALID_ARGUMENT INVALID_TOKEN");

    server.destroy();                                   // SIGTERM, as Ctrl-C or a pod stop
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(log("first"))).contains("Stopped.");

    Process restarted = serve("second");
    assertThat(client("balance", "acc-1", "--token", token(transfer)).out).contains("acc-1: 12.50 USD", "version 4");

    restarted.destroyForcibly();                        // kill -9: the embedded servers are left running
    assertThat(restarted.waitFor(30, TimeUnit.SECONDS)).isTrue();

    serve("third");
    assertThat(Files.readString(log("third"))).contains("left running");
    assertThat(client("balance", "acc-1", "--token", token(transfer)).out).contains("acc-1: 12.50 USD");
    Run deposit = client("deposit", "acc-1", "1");
    assertThat(deposit.out).contains("version 5");
    assertThat(client("balance", "acc-1", "--token", token(deposit)).out).contains("acc-1: 13.50 USD");
  }

  @Test
  void help_is_everywhere() throws Exception {
    for (String command : List.of("serve", "open", "deposit", "withdraw", "transfer", "balance", "history", "freeze",
        "unfreeze", "close")) {
      Run help = run(0, command, "--help");
      assertThat(help.out).as(command).contains("Usage: ledger " + command);
    }
    assertThat(run(2, "no-such-command").err).contains("Unmatched argument");
  }

  @AfterEach
  void stopServers() throws InterruptedException {
    for (Process server : servers) {
      if (server.isAlive()) {
        server.destroy();
        server.waitFor(60, TimeUnit.SECONDS);
      }
    }
  }

  private Process serve(String name) throws IOException, InterruptedException {
    ProcessBuilder builder = command("serve", "--data-dir", work.resolve("data").toString(),
        "--grpc-port", Integer.toString(grpcPort), "--http-port", Integer.toString(httpPort),
        "--host", "127.0.0.1");
    builder.redirectErrorStream(true).redirectOutput(log(name).toFile());
    Process server = builder.start();
    servers.add(server);
    String output = until("ledger serve ready or gone", START_TIMEOUT, () -> read(log(name)),
        text -> text.contains("Ledger ready") || !server.isAlive());
    if (!output.contains("Ledger ready")) {
      throw new AssertionError("ledger serve exited with " + server.exitValue() + ":\n" + read(log(name)));
    }
    return server;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Run client(String... args) throws Exception {
    return client(0, args);
  }

  private Run client(int expectedExit, String... args) throws Exception {
    List<String> withTarget = new ArrayList<>(List.of(args));
    withTarget.add("--target");
    withTarget.add("127.0.0.1:" + grpcPort);
    return run(expectedExit, withTarget.toArray(new String[0]));
  }

  private Run run(int expectedExit, String... args) throws Exception {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process process = command(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Run run = new Run(Files.readString(out), Files.readString(err));
    assertThat(process.exitValue()).as("exit code of ledger %s%nstdout: %s%nstderr: %s", String.join(" ", args),
        run.out, run.err).isEqualTo(expectedExit);
    return run;
  }

  private ProcessBuilder command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    // The jar was built by this very Maven run; the script must not start another build.
    builder.environment().put("LEDGER_SKIP_BUILD", "1");
    builder.environment().remove("LEDGER_PG_URL");
    builder.environment().remove("LEDGER_REDIS_URL");
    return builder;
  }

  /** The consistency token a write printed: a read holding it waits for the projection instead of racing it. */
  private static String token(Run write) {
    return write.out.lines().filter(l -> l.contains("token ")).findFirst().orElseThrow().trim()
        .substring("token ".length());
  }

  private Path log(String name) {
    return work.resolve(name + ".log");
  }

  private record Run(String out, String err) {
  }

  static {
    if (!new File(SCRIPT.toString()).canExecute()) {
      throw new IllegalStateException("expected the ./ledger script at " + SCRIPT);
    }
  }
}

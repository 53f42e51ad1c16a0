package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import ledger.domain.AccountId;
import ledger.grpc.LogFields;
import ledger.readmodel.ViewFields;
import ledger.readmodel.ViewKeys;
import ledger.testkit.GrpcJava;
import ledger.testkit.TestInfra;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpc.CommandServiceBlockingStub;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpc.QueryServiceBlockingStub;
import ledger.v1.TransferRequest;
import ledger.v1.WithdrawRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * What {@code ledger serve} (the built jar, its own process) writes while it starts, serves a workload
 * and stops: in json mode one JSON object a line with the documented fields; in no format a bearer
 * token, a backend password or a request's payload; in text mode the human lines of before.
 * The workload runs with authentication on, passwords in both backend URLs, references in the
 * payloads, a refused token, a rejected command and a real INTERNAL error (a view damaged in Redis).
 */
class StructuredLogsIT {

  private static final Path LOGS = Path.of("target", "structured-logs");
  private static final String PG_PASSWORD = "pgpw" + secret();
  private static final String REDIS_PASSWORD = "redispw" + secret();
  private static final String DEPOSIT_REFERENCE = "depositref" + secret();
  private static final String TRANSFER_REFERENCE = "transferref" + secret();
  private static final Pattern TEXT_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) \\S+ - .*");
  private static final Pattern STACK_TRACE_LINE = Pattern.compile("(\\s+at |\\s+\\.\\.\\. \\d+ |Caused by: |\\s+Suppressed: |[\\w.$]+(Exception|Error)\\b).*");

  private static final TestIssuer ISSUER = new TestIssuer();
  private static Vertx vertx;
  private static RedisServer redis;
  private static int redisPort;
  private static String token;
  private static String forgedToken;

  @BeforeAll
  static void backendsWithPasswords() throws IOException {
    Files.createDirectories(LOGS);
    redisPort = TestInfra.freePort();
    redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").setting("requirepass " + REDIS_PASSWORD).build();
    redis.start();
    vertx = Vertx.vertx();
    token = ISSUER.rs256(vertx, TestIssuer.claims());
    forgedToken = TestIssuer.forgedEs256(TestIssuer.claims());
  }

  @AfterAll
  static void stop() throws IOException {
    if (redis != null) {
      redis.stop();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void in_json_every_line_is_one_object_with_the_documented_fields_and_no_secret() {
    Run run = serve("json", "DEBUG", "json-debug");

    List<JsonObject> lines = run.lines.stream().filter(line -> !line.isBlank()).map(StructuredLogsIT::json).toList();
    assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.fieldNames())
        .contains("timestamp", "level", "logger", "thread", "message"));
    assertThat(lines).anySatisfy(line -> assertThat(line.getString("message")).startsWith("Ledger ready in "));
    assertThat(lines.get(lines.size() - 1).getString("message")).isEqualTo("Stopped.");
    JsonObject refused = callLine(lines, "Withdraw");
    assertThat(refused.getString(LogFields.STATUS)).isEqualTo("FAILED_PRECONDITION");
    assertThat(refused.getString(LogFields.REASON)).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(refused.getString(LogFields.ACCOUNT)).isEqualTo("logs-a");
    assertThat(refused.getString(LogFields.COMMAND_ID)).isEqualTo("logs-withdraw");
    assertThat(refused.getString(LogFields.CORRELATION_ID)).isEqualTo("logs-withdraw-call");
    assertThat(refused.getValue(LogFields.DURATION_MS)).isInstanceOf(Number.class);
    JsonObject transfer = callLine(lines, "Transfer");
    assertThat(transfer.getString(LogFields.ACCOUNT)).isEqualTo("logs-a");
    assertThat(transfer.getString(LogFields.TO_ACCOUNT)).isEqualTo("logs-b");
    assertThat(transfer.getString(LogFields.STATUS)).isEqualTo("OK");
    JsonObject internal = lines.stream().filter(line -> "ERROR".equals(line.getString("level"))).findFirst()
        .orElseThrow(() -> new AssertionError("no ERROR line in\n" + String.join("\n", run.lines)));
    assertThat(internal.getString(LogFields.CORRELATION_ID)).isEqualTo(run.internalCorrelationId);
    assertThat(internal.getString(LogFields.RPC)).isEqualTo("GetBalance");
    assertThat(internal.getString(LogFields.STATUS)).isEqualTo("INTERNAL");
    assertThat(internal.getString(LogFields.ACCOUNT)).isEqualTo("logs-a");
    assertThat(internal.getString("stack_trace")).contains("NumberFormatException");
    assertNoSecret(run);
  }

  @Test
  void in_text_at_info_the_lines_read_as_before_and_hold_no_secret() {
    Run run = serve("text", "INFO", "text-info");

    assertThat(run.lines).filteredOn(line -> !line.isBlank()).allSatisfy(line -> assertThat(
        TEXT_LINE.matcher(line).matches() || STACK_TRACE_LINE.matcher(line).matches())
        .as("a log line or a stack trace's: %s", line).isTrue());
    assertThat(run.lines).noneMatch(line -> line.contains(" DEBUG "));
    assertThat(run.lines).anyMatch(line -> line.matches(".* INFO  Lifecycle - Ledger ready in \\d+ ms: gRPC on .*"));
    assertThat(run.lines).anyMatch(line -> line.endsWith(" ERROR CallLog - GetBalance failed unexpectedly rpc=\"GetBalance\""
        + " correlation_id=\"" + run.internalCorrelationId + "\" account=\"logs-a\" status=\"INTERNAL\""));
    assertThat(run.lines.get(run.lines.size() - 1)).endsWith(" INFO  Lifecycle - Stopped.");
    assertNoSecret(run);
  }

  @Test
  void the_client_stays_human_whatever_the_server_s_log_settings_say() throws IOException, InterruptedException {
    int nobodyListens = TestInfra.freePort();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", Path.of("target", "ledger.jar").toAbsolutePath().toString(), "ledger.app.Main", "balance", "nobody",
        "--target", "127.0.0.1:" + nobodyListens, "--timeout-ms", "5000").redirectErrorStream(true);
    builder.environment().put("LEDGER_LOG_FORMAT", "json");
    builder.environment().put("LEDGER_LOG_LEVEL", "DEBUG");
    Process client = builder.start();
    String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output.lines().toList())
        .containsExactly("error: cannot reach the ledger at 127.0.0.1:" + nobodyListens + ": Connection refused");
  }

  private static void assertNoSecret(Run run) {
    String all = String.join("\n", run.lines);
    String signature = token.substring(token.lastIndexOf('.') + 1);
    for (String secret : List.of(PG_PASSWORD, REDIS_PASSWORD, DEPOSIT_REFERENCE, TRANSFER_REFERENCE, token, signature,
        forgedToken)) {
      assertThat(all).as("the log of %s", run.name).doesNotContain(secret);
    }
  }

  /** One server run: starts it, runs the workload, stops it (SIGTERM) and returns every line it wrote. */
  private static Run serve(String format, String level, String name) {
    String database = databaseWithPassword(name);
    String prefix = TestInfra.freshPrefix(name);
    List<String> args = List.of("--log-format", format, "--log-level", level, "--key-prefix", prefix,
        "--view-cache-size", "0", "--jwt-jwks", ISSUER.jwks.toString(), "--jwt-issuer", TestIssuer.ISSUER,
        "--jwt-audience", TestIssuer.AUDIENCE);
    String pgUrl = "postgresql://" + database + ":" + PG_PASSWORD + "@127.0.0.1:" + TestInfra.postgres().getPort() + "/"
        + database;
    String redisUrl = "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redisPort;
    String internalId = "logs-internal-" + name;
    try (LedgerProcess server = new LedgerProcess(name, "all", LOGS, pgUrl, redisUrl, args)) {
      server.start();
      ManagedChannel channel = GrpcJava.channel(server.grpcPort);
      try {
        workload(channel, prefix, internalId);
      } finally {
        GrpcJava.close(channel);
      }
      server.close();
      return new Run(name, server.logTail(Integer.MAX_VALUE).lines().toList(), internalId);
    }
  }

  private static void workload(ManagedChannel channel, String prefix, String internalId) {
    CommandServiceBlockingStub commands = authorized(CommandServiceGrpc.newBlockingStub(channel), token, null);
    commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("logs-open-a").setAccountId("logs-a")
        .setCurrency("USD").build());
    commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("logs-open-b").setAccountId("logs-b")
        .setCurrency("USD").build());
    commands.deposit(DepositRequest.newBuilder().setCommandId("logs-deposit").setAccountId("logs-a").setAmountMinor(500)
        .setCurrency("USD").setReference(DEPOSIT_REFERENCE).build());
    CommandResult moved = commands.transfer(TransferRequest.newBuilder().setCommandId("logs-transfer")
        .setFromAccountId("logs-a").setToAccountId("logs-b").setAmountMinor(200).setCurrency("USD")
        .setReference(TRANSFER_REFERENCE).build());
    StatusRuntimeException rejected = catchStatus(() -> authorized(CommandServiceGrpc.newBlockingStub(channel), token,
        "logs-withdraw-call").withdraw(WithdrawRequest.newBuilder().setCommandId("logs-withdraw")
        .setAccountId("logs-a").setAmountMinor(1_000_000).setCurrency("USD").setReference(DEPOSIT_REFERENCE).build()));
    assertThat(rejected.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    StatusRuntimeException forged = catchStatus(() -> authorized(CommandServiceGrpc.newBlockingStub(channel),
        forgedToken, null).deposit(DepositRequest.newBuilder().setCommandId("logs-forged").setAccountId("logs-a")
        .setAmountMinor(1).setCurrency("USD").setReference(DEPOSIT_REFERENCE).build()));
    assertThat(forged.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    QueryServiceBlockingStub queries = authorized(QueryServiceGrpc.newBlockingStub(channel), token, null);
    assertThat(queries.getBalance(GetBalanceRequest.newBuilder().setAccountId("logs-a")
        .setConsistencyToken(moved.getConsistencyToken()).build()).getBalanceMinor()).isEqualTo(300);

    redis("HSET", new ViewKeys(prefix).account(AccountId.of("logs-a")), ViewFields.BALANCE, "not-a-number");
    StatusRuntimeException internal = catchStatus(() -> authorized(QueryServiceGrpc.newBlockingStub(channel), token,
        internalId).getBalance(GetBalanceRequest.newBuilder().setAccountId("logs-a").build()));
    assertThat(internal.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(internal.getStatus().getDescription()).contains(internalId);
  }

  private static <S extends AbstractStub<S>> S authorized(S stub, String bearer, String requestId) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bearer);
    if (requestId != null) {
      headers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), requestId);
    }
    return stub.withDeadlineAfter(Duration.ofSeconds(30))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static JsonObject callLine(List<JsonObject> lines, String rpc) {
    return lines.stream().filter(line -> "ledger.grpc.CallLog".equals(line.getString("logger"))
        && rpc.equals(line.getString(LogFields.RPC))).findFirst()
        .orElseThrow(() -> new AssertionError("no call line of " + rpc));
  }

  private static JsonObject json(String line) {
    try {
      return new JsonObject(line);
    } catch (DecodeException e) {
      throw new AssertionError("not one JSON object: " + line, e);
    }
  }

  private static StatusRuntimeException catchStatus(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  /** A database of its own, owned by a role of the same name that logs in with {@link #PG_PASSWORD}. */
  private static String databaseWithPassword(String hint) {
    String name = TestInfra.freshPrefix(hint).replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT);
    try (Connection conn = TestInfra.postgres().getPostgresDatabase().getConnection();
         Statement statement = conn.createStatement()) {
      statement.execute("CREATE ROLE " + name + " LOGIN SUPERUSER PASSWORD '" + PG_PASSWORD + "'");
      statement.execute("CREATE DATABASE " + name + " OWNER " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create " + name, e);
    }
    return name;
  }

  /** One command to the test's Redis, after AUTH; returns the first line of its answer. */
  private static String redis(String... words) {
    try (Socket socket = new Socket("127.0.0.1", redisPort)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((resp("AUTH", REDIS_PASSWORD) + resp(words)).getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("+OK");
      return in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resp(String... words) {
    StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
    for (String word : words) {
      request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(word).append("\r\n");
    }
    return request.toString();
  }

  private static String secret() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private record Run(String name, List<String> lines, String internalCorrelationId) {
  }
}

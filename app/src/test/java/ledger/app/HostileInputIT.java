package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.grpc.common.GrpcStatus;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regressions: bodies that are not their method's message, and messages over the size limit.
 * vertx-grpc 5.0.7 reset the stream of a body that did not parse (the caller read CANCELLED, as
 * if it had cancelled itself), answered an oversized message RESOURCE_EXHAUSTED with neither
 * message nor reason, inflated gzip without a limit, and never answered a body that ended
 * inside a message. The deadline here is far longer than any answer takes.
 */
class HostileInputIT {

  private static final long LIMIT = 64 * 1024;
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String DEPOSIT = "ledger.v1.CommandService/Deposit";
  private static final String STREAM_BALANCE = "ledger.v1.QueryService/StreamBalance";

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture().withMaxMessageBytes(LIMIT);
  private static RawGrpcClient raw;
  private static ByteGrpcJava grpcJava;

  @BeforeAll
  static void clients() {
    raw = fixture.track(new RawGrpcClient(fixture.clientVertx, fixture.grpcPort));
    grpcJava = new ByteGrpcJava(fixture.channel);
    CommandServiceGrpc.newBlockingStub(fixture.channel).openAccount(OpenAccountRequest.newBuilder()
        .setCommandId("open-hostile").setAccountId("hostile").setCurrency("EUR").build());
  }

  @Test
  void a_body_that_does_not_parse_is_invalid_argument_malformed_request_not_cancelled() {
    long before = eventsOf("hostile");
    byte[] invalidTag = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    byte[] truncated = deposit("cut-short", 100).toByteArray();
    truncated = Arrays.copyOf(truncated, truncated.length - 3);

    for (WireOutcome outcome : new WireOutcome[] {
        grpcJava(DEPOSIT, false, invalidTag, false), grpcJava(DEPOSIT, false, truncated, false),
        grpcJava(STREAM_BALANCE, true, invalidTag, false),
        raw(DEPOSIT, false, RawGrpcClient.frame(false, invalidTag), null)}) {
      assertThat(outcome.status()).as(outcome.toString()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(outcome.reason()).as(outcome.toString()).isEqualTo("MALFORMED_REQUEST");
      assertThat(outcome.description()).as(outcome.toString()).startsWith("the request is not a valid ledger.v1.");
    }
    assertThat(eventsOf("hostile")).as("events appended").isEqualTo(before);
  }

  @Test
  void a_message_over_the_limit_is_resource_exhausted_message_too_large_with_the_limit() {
    long before = eventsOf("hostile");
    byte[] large = deposit("too-large", 100).toBuilder().setReference("x".repeat((int) LIMIT)).build().toByteArray();

    for (WireOutcome outcome : new WireOutcome[] {
        grpcJava(DEPOSIT, false, large, false), grpcJava(STREAM_BALANCE, true, large, false),
        raw(DEPOSIT, false, RawGrpcClient.frame(false, large), null)}) {
      assertThat(outcome.status()).as(outcome.toString()).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
      assertThat(outcome.reason()).as(outcome.toString()).isEqualTo("MESSAGE_TOO_LARGE");
      assertThat(outcome.info().getMetadataMap()).as(outcome.toString()).containsEntry("max_bytes", "65536");
    }
    assertThat(eventsOf("hostile")).as("events appended").isEqualTo(before);
  }

  @Test
  void a_small_gzip_body_that_inflates_past_the_limit_is_message_too_large_not_inflated_whole() {
    long before = eventsOf("hostile");
    byte[] bomb = deposit("bomb", 100).toBuilder().setReference("0".repeat(16 * 1024 * 1024)).build().toByteArray();
    byte[] compressed = gzip(bomb);
    assertThat(compressed.length).as("the compressed body fits the limit").isLessThan((int) LIMIT);

    for (WireOutcome outcome : new WireOutcome[] {
        raw(DEPOSIT, false, RawGrpcClient.frame(true, compressed), "gzip"),
        raw(STREAM_BALANCE, true, RawGrpcClient.frame(true, compressed), "gzip")}) {
      assertThat(outcome.status()).as(outcome.toString()).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
      assertThat(outcome.reason()).as(outcome.toString()).isEqualTo("MESSAGE_TOO_LARGE");
      assertThat(outcome.info().getMetadataMap()).as(outcome.toString()).containsEntry("max_bytes", "65536");
    }
    assertThat(eventsOf("hostile")).as("events appended").isEqualTo(before);
  }

  @Test
  void a_gzip_body_within_the_limit_is_served_and_a_corrupt_one_is_malformed() {
    long before = eventsOf("hostile");
    WireOutcome served = grpcJava(DEPOSIT, false, deposit("gzipped", 250).toByteArray(), true);
    byte[] corrupt = gzip(deposit("corrupt", 250).toByteArray());
    corrupt[corrupt.length / 2] ^= 0x5a;
    WireOutcome refused = raw(DEPOSIT, false, RawGrpcClient.frame(true, corrupt), "gzip");

    assertThat(served.status()).as(served.toString()).isEqualTo(GrpcStatus.OK);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(refused.reason()).as(refused.toString()).isEqualTo("MALFORMED_REQUEST");
    assertThat(eventsOf("hostile")).as("the served deposit's event only").isEqualTo(before + 1);
  }

  @Test
  void a_body_that_ends_inside_a_message_or_carries_none_is_malformed_not_left_hanging() {
    byte[] request = GetBalanceRequest.newBuilder().setAccountId("hostile").build().toByteArray();
    Buffer cutInside = RawGrpcClient.frame(false, request).slice(0, 5 + request.length / 2);

    for (WireOutcome outcome : new WireOutcome[] {
        raw("ledger.v1.QueryService/GetBalance", false, cutInside, null),
        raw("ledger.v1.QueryService/GetBalance", false, Buffer.buffer(), null),
        raw(STREAM_BALANCE, true, Buffer.buffer(new byte[] {0, 0}), null)}) {
      assertThat(outcome.status()).as(outcome.toString()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(outcome.reason()).as(outcome.toString()).isEqualTo("MALFORMED_REQUEST");
      assertThat(outcome.elapsedMillis()).as(outcome.toString()).isLessThan(DEADLINE.toMillis() / 2);
    }
  }

  @Test
  void a_health_check_or_watch_without_a_whole_message_is_malformed_not_left_hanging_or_reset() {
    Buffer invalidTag = RawGrpcClient.frame(false, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

    for (WireOutcome outcome : new WireOutcome[] {
        raw("grpc.health.v1.Health/Check", false, Buffer.buffer(), null),
        raw("grpc.health.v1.Health/Check", false, Buffer.buffer().appendByte((byte) 0).appendInt(50), null),
        raw("grpc.health.v1.Health/Check", false, invalidTag, null),
        raw("grpc.health.v1.Health/Watch", true, Buffer.buffer(), null),
        raw("grpc.health.v1.Health/Watch", true, invalidTag, null)}) {
      assertThat(outcome.status()).as(outcome.toString()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(outcome.reason()).as(outcome.toString()).isEqualTo("MALFORMED_REQUEST");
      assertThat(outcome.elapsedMillis()).as(outcome.toString()).isLessThan(DEADLINE.toMillis() / 2);
    }
  }

  @Test
  void a_json_body_that_is_not_the_message_is_malformed_request_too_however_deeply_nested() {
    String deep = "{\"account_id\": " + "[".repeat(20_000) + "]".repeat(20_000) + "}";
    List<WireOutcome> outcomes = new ArrayList<>();
    for (String json : new String[] {"not json", "{\"account_id\": 42", deep, "{\"command_id\": {\"x\": 1}}"}) {
      Buffer body = RawGrpcClient.frame(false, json.getBytes(StandardCharsets.UTF_8));
      outcomes.add(await(raw.call(DEPOSIT, false, "application/grpc+json", body, null, DEADLINE),
          DEADLINE.dividedBy(2)));
      outcomes.add(await(raw.call(STREAM_BALANCE, true, "application/grpc+json", body, null, DEADLINE),
          DEADLINE.dividedBy(2)));
    }

    for (WireOutcome outcome : outcomes) {
      assertThat(outcome.status()).as(outcome.toString()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(outcome.reason()).as(outcome.toString()).isEqualTo("MALFORMED_REQUEST");
    }
  }

  @Test
  void grpc_web_is_not_served_so_a_grpc_web_text_body_that_is_not_base64_cannot_hang_a_call() {
    Buffer invalidTag = RawGrpcClient.frame(false, new byte[] {(byte) 0xff, (byte) 0xff, 0x0f});
    List<WireOutcome> outcomes = new ArrayList<>();
    outcomes.add(await(raw.call(DEPOSIT, false, "application/grpc-web+proto", invalidTag, null, DEADLINE),
        DEADLINE.dividedBy(2)));
    try (RawGrpcClient http11 = new RawGrpcClient(fixture.clientVertx, fixture.grpcPort, HttpVersion.HTTP_1_1)) {
      for (Buffer text : new Buffer[] {Buffer.buffer("!!not base64!!"), Buffer.buffer(), Buffer.buffer("AAAA"),
          Buffer.buffer(Base64.getEncoder().encode(invalidTag.getBytes()))}) {
        outcomes.add(await(http11.call(DEPOSIT, false, "application/grpc-web-text", text, null, DEADLINE),
            DEADLINE.dividedBy(2)));
      }
    }

    for (WireOutcome outcome : outcomes) {
      assertThat(outcome.transport()).as(outcome.toString()).isEqualTo("HTTP 415 without grpc-status");
    }
  }

  @Test
  void a_unary_call_carrying_two_messages_runs_the_first_only() {
    long before = eventsOf("hostile");
    Buffer twoDeposits = RawGrpcClient.frame(false, deposit("first-of-two", 7).toByteArray())
        .appendBuffer(RawGrpcClient.frame(false, deposit("second-of-two", 11).toByteArray()));

    WireOutcome outcome = raw(DEPOSIT, false, twoDeposits, null);

    assertThat(outcome.status()).as(outcome.toString()).isEqualTo(GrpcStatus.OK);
    assertThat(fixture.audit().query("SELECT metadata->>'command_id' AS command FROM ledger.events"
            + " WHERE stream_id = 'hostile' ORDER BY stream_version OFFSET $1", before).stream()
        .map(row -> row.getString("command")).toList())
        .as("command ids of the events appended").containsExactly("first-of-two");
  }

  private static DepositRequest deposit(String commandId, long amount) {
    return DepositRequest.newBuilder().setCommandId(commandId).setAccountId("hostile").setAmountMinor(amount)
        .setCurrency("EUR").build();
  }

  private static long eventsOf(String account) {
    return fixture.audit().query("SELECT count(*) AS n FROM ledger.events WHERE stream_id = $1", account)
        .get(0).getLong("n");
  }

  private static WireOutcome grpcJava(String method, boolean stream, byte[] message, boolean gzip) {
    CompletableFuture<WireOutcome> outcome = grpcJava.call(method, stream, message, gzip, DEADLINE);
    try {
      return outcome.get(DEADLINE.toMillis() / 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("no outcome for " + method + " within half its deadline", e);
    }
  }

  private static WireOutcome raw(String method, boolean stream, Buffer body, String encoding) {
    return await(raw.call(method, stream, body, encoding, DEADLINE), DEADLINE.dividedBy(2));
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.sqlclient.Row;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzz and property tests of every RPC over real gRPC, through a raw HTTP/2 client (which also
 * breaks the framing: lengths that lie, gzip, two messages, JSON) and grpc-java (identity or gzip).
 * Properties of each call: it gets a gRPC status from the server, never INTERNAL, UNKNOWN or
 * CANCELLED; every refusal carries an ErrorInfo reason; it ends well before its deadline; a
 * refused command appends nothing. After the last, valid calls of each service still succeed.
 *
 * <p>Each case is one seed, shown in its name; the seed alone picks the RPC, the kind of body and
 * the client. {@code -Dledger.fuzz.seeds=S1,S2} replays cases S1 and S2. By default a run
 * starts at a random seed and makes {@value #DEFAULT_CASES} cases (every RPC, kind and client at
 * least once); {@code -Dledger.fuzz.cases=N} or the {@code fuzz} profile makes more, and
 * {@code -Dledger.fuzz.verbose=true} prints every case's outcome.
 */
class HostileInputFuzzIT {

  private static final int DEFAULT_CASES = 140;
  private static final long LIMIT = 256 * 1024;
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final List<GrpcStatus> NEVER = List.of(GrpcStatus.INTERNAL, GrpcStatus.UNKNOWN, GrpcStatus.CANCELLED);
  private static final HostileRequests.Kind[] KINDS = HostileRequests.Kind.values();
  /** RPCs × kinds × the two clients: consecutive seeds go through every combination. */
  private static final int COMBINATIONS = HostileRequests.RPCS.size() * KINDS.length * 2;

  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture().withMaxMessageBytes(LIMIT);
  private static RawGrpcClient raw;
  private static ByteGrpcJava grpcJava;
  private static final List<String> tokens = new ArrayList<>();
  /** How the cases ended, printed after the last: a run where everything is MALFORMED_REQUEST tests little. */
  private static final Map<String, Integer> OUTCOMES = new ConcurrentSkipListMap<>();

  @BeforeAll
  static void accountsAndClients() {
    raw = fixture.track(new RawGrpcClient(fixture.clientVertx, fixture.grpcPort));
    grpcJava = new ByteGrpcJava(fixture.channel);
    CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(fixture.channel);
    for (String account : HostileRequests.ACCOUNTS) {
      commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + account).setAccountId(account)
          .setCurrency("EUR").setOverdraftLimitMinor(500).build());
      tokens.add(commands.deposit(DepositRequest.newBuilder().setCommandId("fund-" + account).setAccountId(account)
          .setAmountMinor(1_000_000).setCurrency("EUR").build()).getConsistencyToken());
    }
  }

  @TestFactory
  Stream<DynamicTest> every_rpc_answers_hostile_bodies_with_a_precise_status_and_a_refused_command_appends_nothing() {
    Stream<DynamicTest> fuzz = seeds().mapToObj(seed -> {
      Case fuzzCase = Case.of(seed);
      return DynamicTest.dynamicTest(fuzzCase.toString(), () -> fuzzCase.check());
    });
    return Stream.concat(fuzz, Stream.of(DynamicTest.dynamicTest(
        "afterwards, valid calls of each service still succeed", HostileInputFuzzIT::stillServes)));
  }

  /** -Dledger.fuzz.seeds=S1,S2 replays those cases; otherwise ledger.fuzz.cases seeds from ledger.fuzz.seed on. */
  private static LongStream seeds() {
    String listed = System.getProperty("ledger.fuzz.seeds", "");
    if (!listed.isBlank()) {
      return Arrays.stream(listed.split(",")).map(String::trim).mapToLong(Long::parseLong);
    }
    long first = Long.getLong("ledger.fuzz.seed", ThreadLocalRandom.current().nextLong(1L << 48));
    return LongStream.range(first, first + Integer.getInteger("ledger.fuzz.cases", DEFAULT_CASES));
  }

  /** One call: its RPC, its kind of body, its client, all from its seed. */
  private record Case(long seed, MethodDescriptor rpc, HostileRequests.Kind kind, boolean viaGrpcJava) {

    static Case of(long seed) {
      int combination = (int) Math.floorMod(seed, (long) COMBINATIONS);
      int rpcs = HostileRequests.RPCS.size();
      return new Case(seed, HostileRequests.RPCS.get(combination % rpcs), KINDS[combination / rpcs % KINDS.length],
          combination / (rpcs * KINDS.length) == 1);
    }

    void check() throws Exception {
      HostileRequests requests = new HostileRequests(mix(seed), tokens);
      byte[] body = requests.body(rpc, kind);
      boolean command = rpc.getService().getName().equals("CommandService");
      long[] before = command ? storeFingerprint() : null;

      byte[][] served = new byte[1][];
      WireOutcome outcome = viaGrpcJava ? viaGrpcJava(requests, body, served) : viaRawHttp2(requests, body, served);

      String what = this + " (" + body.length + " bytes) got " + outcome;
      OUTCOMES.merge((outcome.status() == null ? "no status" : outcome.status().name())
          + (outcome.reason() == null ? "" : " " + outcome.reason()), 1, Integer::sum);
      if (Boolean.getBoolean("ledger.fuzz.verbose")) {
        System.out.println(what.length() > 400 ? what.substring(0, 400) + "..." : what);
      }
      if (outcome.status() == GrpcStatus.DEADLINE_EXCEEDED && outcome.reason() == null
          && subscribesToAVersionNotReached(served[0])) {
        return; // a stream asked to start at a later version waits for it: a subscription, not a stuck call
      }
      assertThat(outcome.status()).as(what + ": a gRPC status from the server").isNotNull();
      assertThat(outcome.status()).as(what).isNotIn(NEVER);
      if (outcome.status() != GrpcStatus.OK) {
        assertThat(outcome.reason()).as(what + ": an ErrorInfo reason").isNotBlank();
      }
      if (!"CONSISTENCY_WAIT_TIMEOUT".equals(outcome.reason())) {
        assertThat(outcome.elapsedMillis()).as(what + ": well before the deadline").isLessThan(DEADLINE.toMillis() / 2);
      }
      if (command && outcome.status() != GrpcStatus.OK) {
        assertThat(storeFingerprint()).as(what + ": events and stream versions after a refused command")
            .containsExactly(before);
      }
    }

    private WireOutcome viaGrpcJava(HostileRequests requests, byte[] body, byte[][] served) throws Exception {
      served[0] = body;
      return grpcJava.call(fullName(), rpc.isServerStreaming(), body, requests.random().nextBoolean(), DEADLINE)
          .get(DEADLINE.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    private WireOutcome viaRawHttp2(HostileRequests requests, byte[] body, byte[][] served) {
      Framing framing = Framing.values()[requests.random().nextInt(Framing.values().length)];
      Buffer framed = framing.frame(body, requests, rpc);
      served[0] = framing == Framing.JSON ? body : firstMessage(framed, framing.encoding);
      return await(raw.call(fullName(), rpc.isServerStreaming(), framing.contentType(), framed, framing.encoding,
          DEADLINE), DEADLINE.multipliedBy(2));
    }

    /**
     * True for a StreamBalance whose request (as the server reads it) names an account and a
     * from_version beyond the account's current version: the stream rightly sends nothing until then.
     */
    private boolean subscribesToAVersionNotReached(byte[] message) {
      if (message == null || !rpc.getName().equals("StreamBalance")) {
        return false;
      }
      StreamBalanceRequest request;
      try {
        request = StreamBalanceRequest.parseFrom(message);
      } catch (InvalidProtocolBufferException unparsable) {
        return false;
      }
      List<Row> head = fixture.audit().query(
          "SELECT coalesce(max(stream_version), 0) AS v FROM ledger.events WHERE stream_id = $1",
          request.getAccountId());
      return request.hasFromVersion() && head.get(0).getLong("v") > 0
          && request.getFromVersion() > head.get(0).getLong("v");
    }

    private String fullName() {
      return rpc.getService().getFullName() + "/" + rpc.getName();
    }

    @Override
    public String toString() {
      return rpc.getName() + " " + kind.name().toLowerCase().replace('_', ' ') + " via "
          + (viaGrpcJava ? "grpc-java" : "raw HTTP/2") + ", seed " + seed;
    }
  }

  /** How the raw client wraps the body: honestly, compressed, or lying about it. */
  private enum Framing {
    IDENTITY(null), GZIP("gzip"), LENGTH_TOO_LONG(null), LENGTH_TOO_SHORT(null), TWO_MESSAGES(null), UNFRAMED(null),
    FLAGGED_COMPRESSED_BUT_IDENTITY("identity"), JSON(null);

    final String encoding;

    Framing(String encoding) {
      this.encoding = encoding;
    }

    String contentType() {
      return this == JSON ? "application/grpc+json" : "application/grpc";
    }

    Buffer frame(byte[] body, HostileRequests requests, MethodDescriptor rpc) {
      Random random = requests.random();
      return switch (this) {
        case JSON -> RawGrpcClient.frame(false, asJson(body, rpc));
        case IDENTITY -> RawGrpcClient.frame(false, body);
        case GZIP -> RawGrpcClient.frame(true, HostileInputIT.gzip(body));
        case LENGTH_TOO_LONG -> Buffer.buffer().appendByte((byte) 0).appendInt(body.length + 1 + random.nextInt(100))
            .appendBytes(body);
        case LENGTH_TOO_SHORT -> Buffer.buffer().appendByte((byte) 0).appendInt(random.nextInt(body.length + 1))
            .appendBytes(body);
        case TWO_MESSAGES -> RawGrpcClient.frame(false, body).appendBuffer(RawGrpcClient.frame(false, body));
        case UNFRAMED -> Buffer.buffer(body);
        case FLAGGED_COMPRESSED_BUT_IDENTITY -> RawGrpcClient.frame(true, body);
      };
    }

    /**
     * The body as the JSON of the method's message when it parses as one and has a JSON form (JSON's own
     * fuzz), else as it is: a Timestamp with negative nanos parses but has no JSON form.
     */
    private static byte[] asJson(byte[] body, MethodDescriptor rpc) {
      try {
        return JsonFormat.printer().print(DynamicMessage.parseFrom(rpc.getInputType(), body))
            .getBytes(StandardCharsets.UTF_8);
      } catch (InvalidProtocolBufferException | IllegalArgumentException noJsonForm) {
        return body;
      }
    }
  }

  /** The first message a gRPC deframer finds in {@code framed}, inflated if flagged so; null if none is whole. */
  private static byte[] firstMessage(Buffer framed, String encoding) {
    if (framed.length() < 5 || framed.getInt(1) < 0 || framed.length() - 5 < framed.getInt(1)) {
      return null;
    }
    byte[] message = framed.getBytes(5, 5 + framed.getInt(1));
    if (framed.getByte(0) == 0 || !"gzip".equals(encoding)) {
      return message;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(message))) {
      return in.readNBytes((int) LIMIT + 1);
    } catch (IOException corrupt) {
      return null;
    }
  }

  /** On an account of its own: the fuzz may have frozen or closed any of its accounts, as it may. */
  private static void stillServes() {
    System.out.println("HostileInputFuzzIT outcomes: " + OUTCOMES);
    String account = "after-the-fuzz";
    CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(fixture.channel)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + account).setAccountId(account)
        .setCurrency("EUR").build());
    String token = commands.deposit(DepositRequest.newBuilder().setCommandId("fund-" + account)
        .setAccountId(account).setAmountMinor(1).setCurrency("EUR").build()).getConsistencyToken();
    QueryServiceGrpc.QueryServiceBlockingStub queries = QueryServiceGrpc.newBlockingStub(fixture.channel)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(queries.getBalance(GetBalanceRequest.newBuilder().setAccountId(account).setConsistencyToken(token)
        .build()).getBalanceMinor()).isEqualTo(1);
    assertThat(queries.streamBalance(StreamBalanceRequest.newBuilder().setAccountId(account).build()).next()
        .getBalance().getBalanceMinor()).isEqualTo(1);
    assertThat(AdminServiceGrpc.newBlockingStub(fixture.channel)
        .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance()).getPartitionsCount()).isPositive();
  }

  /** Rows of ledger.events and the sum of their stream versions: any append changes both. */
  private static long[] storeFingerprint() {
    Row row = fixture.audit().query("SELECT count(*) AS n, coalesce(sum(stream_version), 0) AS v FROM ledger.events")
        .get(0);
    return new long[] {row.getLong("n"), row.getLong("v")};
  }

  /** SplitMix64's finalizer: consecutive seeds give unrelated random streams. */
  private static long mix(long seed) {
    long z = seed + 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}

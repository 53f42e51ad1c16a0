package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.sqlclient.Row;
import ledger.app.client.GrpcCallException;
import ledger.app.client.GrpcCalls;
import ledger.testkit.GrpcJava;
import ledger.testkit.Reply;
import ledger.v1.HistoryEntry;
import ledger.v1.AdminServiceGrpc;
import ledger.v1.Balance;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceAtRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.GetHistoryRequest;
import ledger.v1.GetProjectionStatusRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.QueryServiceGrpcClient;
import ledger.v1.RebuildProgress;
import ledger.v1.RebuildProjectionRequest;
import ledger.v1.StreamBalanceRequest;
import ledger.v1.TransferRequest;
import ledger.v1.VerifyProjectionRequest;
import ledger.v1.VerifyProjectionUpdate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Callers authenticate with bearer JWTs (an RSA key from a JWKS file, an EC key from a PEM file)
 * and are held to their scopes and account grants, on every service, over real gRPC from
 * grpc-java and the Vert.x client.
 */
class CallerAuthIT {

  static final TestIssuer issuer = new TestIssuer();

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withSecurity(config.security().withAuth(issuer.settings())));

  static final String ALICE = "tenant-7:alice";
  static final String BOB = "tenant-7:bob";
  static final String CAROL = "tenant-8:carol";

  /** One call of each kind the gate guards: a command, a read, a stream, an admin call. */
  enum Service {
    WRITE("ledger.write") {
      @Override
      Reply<?> call(ManagedChannel channel, String token) {
        return GrpcJava.call(() -> authorized(CommandServiceGrpc.newBlockingStub(channel), token)
            .deposit(deposit(ALICE, 1)));
      }
    },
    READ("ledger.read") {
      @Override
      Reply<?> call(ManagedChannel channel, String token) {
        return GrpcJava.call(() -> authorized(QueryServiceGrpc.newBlockingStub(channel), token)
            .getBalance(GetBalanceRequest.newBuilder().setAccountId(ALICE).build()));
      }
    },
    STREAM("ledger.read") {
      @Override
      Reply<?> call(ManagedChannel channel, String token) {
        return firstOfStream(channel, token, ALICE);
      }
    },
    ADMIN("ledger.admin") {
      @Override
      Reply<?> call(ManagedChannel channel, String token) {
        return GrpcJava.call(() -> authorized(AdminServiceGrpc.newBlockingStub(channel), token)
            .getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance()));
      }
    };

    final String scope;

    Service(String scope) {
      this.scope = scope;
    }

    abstract Reply<?> call(ManagedChannel channel, String token);
  }

  @BeforeAll
  static void accounts() {
    CommandServiceGrpc.CommandServiceBlockingStub commands = authorized(
        CommandServiceGrpc.newBlockingStub(fixture.channel), token(TestIssuer.claims()));
    for (String account : List.of(ALICE, BOB, CAROL)) {
      commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("open-" + account).setAccountId(account)
          .setCurrency("USD").build());
      commands.deposit(deposit(account, 10_000));
    }
  }

  @Test
  void a_call_without_a_token_is_unauthenticated_token_missing_on_every_service() {
    for (Service service : Service.values()) {
      Reply<?> reply = service.call(fixture.channel, null);

      assertThat(reply.status()).as(service.name()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
      assertThat(reply.reason()).as(service.name()).isEqualTo("TOKEN_MISSING");
    }
  }

  static Stream<Arguments> refusedTokens() {
    long now = TestIssuer.now();
    JsonObject valid = TestIssuer.claims();
    String readOnly = token(TestIssuer.claims().put("scope", "ledger.read"));
    List<String> confused = issuer.hmacWithPublicKey(valid);
    return Stream.of(
        Arguments.of("expired", token(valid.copy().put("exp", now - 120)), "TOKEN_EXPIRED"),
        Arguments.of("not yet valid", token(valid.copy().put("nbf", now + 120)), "TOKEN_INVALID"),
        Arguments.of("issued in the future", token(valid.copy().put("iat", now + 120)), "TOKEN_INVALID"),
        Arguments.of("without exp", token(without(valid, "exp")), "TOKEN_INVALID"),
        Arguments.of("wrong audience", token(valid.copy().put("aud", "another-service")), "TOKEN_INVALID"),
        Arguments.of("wrong issuer", token(valid.copy().put("iss", "https://evil.test")), "TOKEN_INVALID"),
        Arguments.of("without sub", token(without(valid, "sub")), "TOKEN_INVALID"),
        Arguments.of("alg none", TestIssuer.unsigned(valid), "TOKEN_INVALID"),
        Arguments.of("alg none without a signature segment",
            TestIssuer.unsigned(valid).substring(0, TestIssuer.unsigned(valid).length() - 1), "TOKEN_INVALID"),
        Arguments.of("tampered: read-only payload swapped for an admin one", TestIssuer.tampered(readOnly, valid),
            "TOKEN_INVALID"),
        Arguments.of("HS256 keyed with the public key's PEM", confused.get(0), "TOKEN_INVALID"),
        Arguments.of("HS256 keyed with the public key's DER", confused.get(1), "TOKEN_INVALID"),
        Arguments.of("RS384, by a configured key", issuer.byHand(new JsonObject().put("alg", "RS384")
            .put("kid", TestIssuer.RSA_KID), valid), "TOKEN_INVALID"),
        Arguments.of("signed by a key nobody configured", strangerToken(valid), "TOKEN_INVALID"),
        Arguments.of("not a JWT", "not-a-jwt", "TOKEN_INVALID"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedTokens")
  void a_bad_token_is_unauthenticated_with_its_reason_on_every_service(String kind, String token, String reason) {
    for (Service service : Service.values()) {
      Reply<?> reply = service.call(fixture.channel, token);

      assertThat(reply.status()).as(service.name()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
      assertThat(reply.reason()).as(service.name() + " " + reply).isEqualTo(reason);
      assertThat(reply.message()).as("never quotes the token").doesNotContain(token);
    }
  }

  @Test
  void an_unauthenticated_call_is_refused_from_its_headers_before_its_body_is_read() throws Exception {
    HttpClient client = fixture.clientVertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
    // A length-prefixed message whose bytes are no DepositRequest at all.
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x7a};
    Buffer body = Buffer.buffer().appendByte((byte) 0).appendInt(garbage.length).appendBytes(garbage);
    try {
      String grpcStatus = client.request(HttpMethod.POST, fixture.grpcPort, "127.0.0.1",
              "/ledger.v1.CommandService/Deposit")
          .compose(call -> call.putHeader("content-type", "application/grpc").putHeader("te", "trailers")
              .putHeader("grpc-timeout", "10S").send(body))
          .compose(response -> response.body().map(read -> {
            String trailer = response.getTrailer("grpc-status");
            return trailer != null ? trailer : response.getHeader("grpc-status");
          }))
          .await(20, TimeUnit.SECONDS);

      assertThat(grpcStatus).isEqualTo(String.valueOf(GrpcStatus.UNAUTHENTICATED.code));
    } finally {
      client.close();
    }
  }

  @Test
  void the_authorization_metadata_must_be_a_bearer_token() {
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes());
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), basic);

    Reply<Balance> reply = GrpcJava.call(() -> QueryServiceGrpc.newBlockingStub(fixture.channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(ALICE).build()));

    assertThat(reply.status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    assertThat(reply.reason()).isEqualTo("TOKEN_INVALID");
  }

  @Test
  void a_token_of_eight_kilobytes_is_served_and_a_longer_one_is_token_invalid_not_a_broken_connection() {
    // Issuers that list groups or roles in the token make tokens of several kilobytes.
    String large = tokenOfLength(8_100);
    String tooLarge = tokenOfLength(9_000);

    Reply<?> served = Service.READ.call(fixture.channel, large);
    Reply<?> refused = Service.READ.call(fixture.channel, tooLarge);

    assertThat(served.ok()).as(served.toString()).isTrue();
    assertThat(refused.status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    assertThat(refused.reason()).isEqualTo("TOKEN_INVALID");
    assertThat(refused.message()).contains("longer than 8192 characters");
  }

  /** A valid token padded with a claim of its own to {@code length} characters, give or take three. */
  private static String tokenOfLength(int length) {
    String bare = token(TestIssuer.claims().put("groups", ""));
    int padding = (length - bare.length()) * 3 / 4;
    String padded = token(TestIssuer.claims().put("groups", "g".repeat(padding)));
    assertThat(padded.length()).isBetween(length - 4, length + 4);
    return padded;
  }

  @Test
  void the_clock_skew_lets_a_token_a_few_seconds_either_side_of_its_window_through_and_no_more() {
    long now = TestIssuer.now();
    JsonObject valid = TestIssuer.claims();

    for (JsonObject withinSkew : List.of(valid.copy().put("exp", now - 10), valid.copy().put("nbf", now + 10),
        valid.copy().put("iat", now + 10))) {
      assertThat(Service.READ.call(fixture.channel, token(withinSkew)).ok()).as(withinSkew.encode()).isTrue();
    }
    Reply<?> beyond = Service.READ.call(fixture.channel, token(valid.copy().put("exp", now - 45)));
    assertThat(beyond.reason()).isEqualTo("TOKEN_EXPIRED");
    Reply<?> early = Service.READ.call(fixture.channel, token(valid.copy().put("nbf", now + 45)));
    assertThat(early.reason()).isEqualTo("TOKEN_INVALID");
  }

  @Test
  void a_token_without_the_scope_of_a_service_is_permission_denied_naming_the_scope() {
    for (Service service : Service.values()) {
      String others = Stream.of("ledger.read", "ledger.write", "ledger.admin")
          .filter(scope -> !scope.equals(service.scope)).reduce((a, b) -> a + " " + b).orElseThrow();
      Reply<?> reply = service.call(fixture.channel, token(TestIssuer.claims().put("scope", others)));

      assertThat(reply.status()).as(service.name()).isEqualTo(GrpcStatus.PERMISSION_DENIED);
      assertThat(reply.reason()).as(service.name()).isEqualTo("MISSING_SCOPE");
      assertThat(reply.metadata()).as(service.name()).containsEntry("scope", service.scope);
    }
  }

  @Test
  void scopes_are_read_from_scope_and_scp_as_strings_or_arrays() {
    JsonObject claims = without(TestIssuer.claims(), "scope");

    assertThat(Service.READ.call(fixture.channel, token(claims.copy().put("scp", new JsonArray().add("ledger.read"))))
        .ok()).isTrue();
    assertThat(Service.READ.call(fixture.channel, token(claims.copy().put("scp", "ledger.read"))).ok()).isTrue();
    assertThat(Service.READ.call(fixture.channel, token(claims.copy().put("scope",
        new JsonArray().add("ledger.read"))))
        .ok()).isTrue();
    assertThat(Service.READ.call(fixture.channel, token(claims.copy().put("scope", "ledger.readwrite"))).reason())
        .isEqualTo("MISSING_SCOPE");
  }

  @Test
  void a_token_granted_one_tenant_cannot_read_stream_or_move_another_tenants_account_and_nothing_is_appended() {
    String tenant7 = token(TestIssuer.claims().put("ledger_accounts", new JsonArray().add("tenant-7:*")));
    long eventsBefore = events();

    Reply<?> read = GrpcJava.call(() -> authorized(QueryServiceGrpc.newBlockingStub(fixture.channel), tenant7)
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(CAROL).build()));
    Reply<?> history = GrpcJava.call(() -> authorized(QueryServiceGrpc.newBlockingStub(fixture.channel), tenant7)
        .getHistory(GetHistoryRequest.newBuilder().setAccountId(CAROL).build()));
    Reply<?> stream = firstOfStream(fixture.channel, tenant7, CAROL);
    Reply<?> timeTravel = GrpcJava.call(() -> authorized(QueryServiceGrpc.newBlockingStub(fixture.channel), tenant7)
        .getBalanceAt(GetBalanceAtRequest.newBuilder().setAccountId(CAROL).setVersion(1).build()));
    Reply<?> deposit = GrpcJava.call(() -> authorized(CommandServiceGrpc.newBlockingStub(fixture.channel), tenant7)
        .deposit(deposit(CAROL, 5)));
    Reply<?> transferOut = GrpcJava.call(() -> authorized(CommandServiceGrpc.newBlockingStub(fixture.channel), tenant7)
        .transfer(transfer(ALICE, CAROL, 5)));
    Reply<?> transferIn = GrpcJava.call(() -> authorized(CommandServiceGrpc.newBlockingStub(fixture.channel), tenant7)
        .transfer(transfer(CAROL, ALICE, 5)));

    for (Reply<?> refused : List.of(read, history, stream, timeTravel, deposit, transferOut, transferIn)) {
      assertThat(refused.status()).as(refused.toString()).isEqualTo(GrpcStatus.PERMISSION_DENIED);
      assertThat(refused.reason()).as(refused.toString()).isEqualTo("ACCOUNT_NOT_ALLOWED");
      assertThat(refused.metadata()).as(refused.toString()).containsEntry("account_id", CAROL);
    }
    assertThat(events()).as("events in PostgreSQL").isEqualTo(eventsBefore);

    // Its own tenant's accounts are all its own.
    assertThat(GrpcJava.call(() -> authorized(CommandServiceGrpc.newBlockingStub(fixture.channel), tenant7)
        .transfer(transfer(ALICE, BOB, 5))).ok()).isTrue();
    assertThat(firstOfStream(fixture.channel, tenant7, BOB).ok()).isTrue();
    assertThat(events()).isEqualTo(eventsBefore + 2);
  }

  @Test
  void exact_account_ids_in_the_grant_allow_those_accounts_only() {
    String feesOnly = token(TestIssuer.claims().put("ledger_accounts", new JsonArray().add(BOB)));

    assertThat(GrpcJava.call(() -> authorized(QueryServiceGrpc.newBlockingStub(fixture.channel), feesOnly)
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(BOB).build())).ok()).isTrue();
    assertThat(GrpcJava.call(() -> authorized(QueryServiceGrpc.newBlockingStub(fixture.channel), feesOnly)
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(ALICE).build())).metadata())
        .containsEntry("account_id", ALICE);
  }

  @Test
  void an_admin_token_granted_some_accounts_may_audit_those_but_not_every_account() {
    String tenant7Admin = token(TestIssuer.claims().put("ledger_accounts", new JsonArray().add("tenant-7:*")));

    Reply<?> status = GrpcJava.call(() -> authorized(AdminServiceGrpc.newBlockingStub(fixture.channel), tenant7Admin)
        .getProjectionStatus(GetProjectionStatusRequest.getDefaultInstance()));
    Reply<?> everyAccount = verify(tenant7Admin, "");
    Reply<?> carol = verify(tenant7Admin, CAROL);
    Reply<?> rebuildCarol = rebuild(tenant7Admin, CAROL);

    assertThat(status.reason()).isEqualTo("ACCOUNT_NOT_ALLOWED");
    assertThat(status.metadata()).containsEntry("account_id", "*");
    assertThat(everyAccount.metadata()).containsEntry("account_id", "*");
    assertThat(carol.metadata()).containsEntry("account_id", CAROL);
    assertThat(rebuildCarol.metadata()).containsEntry("account_id", CAROL);
    assertThat(rebuild(tenant7Admin, "").metadata()).containsEntry("account_id", "*");
    assertThat(verify(tenant7Admin, ALICE).ok()).isTrue();
  }

  @Test
  void a_token_verified_by_the_jwks_key_and_one_by_the_pem_key_are_both_accepted() {
    String rsaFromJwks = issuer.rs256(fixture.clientVertx, TestIssuer.claims());
    String ecFromPem = issuer.es256(fixture.clientVertx, TestIssuer.claims());

    for (Service service : Service.values()) {
      assertThat(service.call(fixture.channel, rsaFromJwks).ok()).as(service + " RS256").isTrue();
      assertThat(service.call(fixture.channel, ecFromPem).ok()).as(service + " ES256").isTrue();
    }
  }

  @Test
  void the_vertx_client_sends_its_token_and_reads_each_refusal() {
    SocketAddress target = SocketAddress.inetSocketAddress(fixture.grpcPort, "127.0.0.1");
    try (GrpcCalls valid = new GrpcCalls(fixture.clientVertx, target, Duration.ofSeconds(10),
        token(TestIssuer.claims()));
         GrpcCalls expired = new GrpcCalls(fixture.clientVertx, target, Duration.ofSeconds(10),
             token(TestIssuer.claims().put("exp", TestIssuer.now() - 120)));
         GrpcCalls readOnly = new GrpcCalls(fixture.clientVertx, target, Duration.ofSeconds(10),
             token(TestIssuer.claims().put("scope", "ledger.read")))) {

      Balance balance = await(valid.unary(QueryServiceGrpcClient.GetBalance,
          GetBalanceRequest.newBuilder().setAccountId(ALICE).build()));
      assertThat(balance.getAccountId()).isEqualTo(ALICE);
      assertThatThrownBy(() -> await(expired.unary(QueryServiceGrpcClient.GetBalance,
          GetBalanceRequest.newBuilder().setAccountId(ALICE).build())))
          .isInstanceOfSatisfying(GrpcCallException.class, e -> {
            assertThat(e.status()).isEqualTo(GrpcStatus.UNAUTHENTICATED);
            assertThat(e.reason()).isEqualTo("TOKEN_EXPIRED");
          });
      assertThatThrownBy(() -> await(readOnly.unary(CommandServiceGrpcClient.Deposit, deposit(ALICE, 1))))
          .isInstanceOfSatisfying(GrpcCallException.class, e -> {
            assertThat(e.status()).isEqualTo(GrpcStatus.PERMISSION_DENIED);
            assertThat(e.reason()).isEqualTo("MISSING_SCOPE");
            assertThat(e.metadata()).containsEntry("scope", "ledger.write");
          });
    }
  }

  @Test
  void health_and_reflection_stay_open_without_a_token() throws Exception {
    assertThat(HealthGrpc.newBlockingStub(fixture.channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("").build()).getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(Reflection.listServices(fixture.channel)).contains("ledger.v1.QueryService");
  }

  @Test
  void a_command_without_the_write_scope_is_refused_and_appends_nothing() {
    String readAndAdmin = token(TestIssuer.claims().put("scope", "ledger.read ledger.admin"));
    long eventsBefore = events();

    Reply<?> transfer = GrpcJava.call(() -> authorized(CommandServiceGrpc.newBlockingStub(fixture.channel),
        readAndAdmin).transfer(transfer(ALICE, BOB, 5)));
    Reply<?> deposit = GrpcJava.call(() -> authorized(CommandServiceGrpc.newBlockingStub(fixture.channel),
        readAndAdmin).deposit(deposit(CAROL, 5)));

    for (Reply<?> refused : List.of(transfer, deposit)) {
      assertThat(refused.status()).isEqualTo(GrpcStatus.PERMISSION_DENIED);
      assertThat(refused.reason()).isEqualTo("MISSING_SCOPE");
    }
    assertThat(events()).as("events in PostgreSQL").isEqualTo(eventsBefore);
  }

  @Test
  void the_tokens_subject_is_stored_with_the_events_it_caused_and_shown_by_history_and_the_cli() {
    String treasury = token(TestIssuer.claims().put("sub", "svc-treasury"));
    authorized(CommandServiceGrpc.newBlockingStub(fixture.channel), treasury).transfer(transfer(CAROL, BOB, 7));

    List<HistoryEntry> carol = authorized(QueryServiceGrpc.newBlockingStub(fixture.channel), token(TestIssuer.claims()))
        .getHistory(GetHistoryRequest.newBuilder().setAccountId(CAROL).build()).getEventsList();
    List<Row> stored = fixture.audit().query("""
        SELECT event_type, metadata->>'subject' AS subject FROM ledger.events
        WHERE stream_id IN ($1, $2) AND event_type LIKE 'Transfer%' ORDER BY global_position""", CAROL, BOB);
    CliRun cli = CliRun.of(fixture, "history", CAROL, "--auth-token", token(TestIssuer.claims()));

    assertThat(carol.get(0).getSubject()).as("opened by").isEqualTo("svc-payments");
    assertThat(carol.get(carol.size() - 1).getEventType()).isEqualTo("TransferSent");
    assertThat(carol.get(carol.size() - 1).getSubject()).isEqualTo("svc-treasury");
    assertThat(stored).extracting(row -> row.getString("event_type") + " " + row.getString("subject"))
        .containsExactlyInAnyOrder("TransferSent svc-treasury", "TransferReceived svc-treasury");
    assertThat(cli.exit()).as("%s", cli.lines()).isZero();
    assertThat(cli.lines().get(0)).contains(" BY ");
    assertThat(cli.lines().get(cli.lines().size() - 1)).contains("TransferSent").contains("svc-treasury");
  }

  @Test
  void the_cli_sends_its_auth_token_and_says_plainly_why_it_was_refused() {
    String readOnly = token(TestIssuer.claims().put("scope", "ledger.read"));
    String expired = token(TestIssuer.claims().put("exp", TestIssuer.now() - 120));

    CliRun balance = CliRun.of(fixture, "balance", ALICE, "--auth-token", readOnly);
    CliRun noToken = CliRun.of(fixture, "balance", ALICE);
    CliRun noScope = CliRun.of(fixture, "deposit", ALICE, "1.00", "--auth-token", readOnly);
    CliRun tooLate = CliRun.of(fixture, "balance", ALICE, "--auth-token", expired);
    CliRun watchNoToken = CliRun.of(fixture, "watch", ALICE);
    CliRun watchTooLate = CliRun.of(fixture, "watch", ALICE, "--auth-token", expired);

    assertThat(balance.exit()).as(balance.lines().toString()).isZero();
    assertThat(balance.lines().get(0)).startsWith(ALICE + ": ");
    assertThat(noToken.lines()).containsExactly("refused: this ledger wants a bearer token "
        + "(UNAUTHENTICATED TOKEN_MISSING); set LEDGER_TOKEN or pass --auth-token");
    assertThat(noScope.lines()).containsExactly(
        "refused: this token lacks scope ledger.write (PERMISSION_DENIED MISSING_SCOPE)");
    assertThat(tooLate.lines()).containsExactly(
        "refused: the token has expired (UNAUTHENTICATED TOKEN_EXPIRED); get a new one");
    assertThat(watchNoToken.lines()).as("watch: a refusal ends it, said as the other commands say it")
        .isEqualTo(noToken.lines());
    assertThat(watchTooLate.lines()).isEqualTo(tooLate.lines());
    for (CliRun refused : List.of(noToken, noScope, tooLate, watchNoToken, watchTooLate)) {
      assertThat(refused.exit()).isEqualTo(1);
    }
    assertThat(String.join("\n", noScope.lines() + "" + tooLate.lines())).doesNotContain(readOnly, expired);
  }

  // ---- helpers

  static String token(JsonObject claims) {
    return issuer.byHand(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", TestIssuer.RSA_KID),
        claims);
  }

  /** Signed by another issuer's key under the trusted key's kid. */
  private static String strangerToken(JsonObject claims) {
    return new TestIssuer().byHand(new JsonObject().put("alg", "RS256").put("kid", TestIssuer.RSA_KID), claims);
  }

  private static JsonObject without(JsonObject claims, String name) {
    JsonObject copy = claims.copy();
    copy.remove(name);
    return copy;
  }

  static <S extends AbstractStub<S>> S authorized(S stub, String token) {
    S withDeadline = stub.withDeadlineAfter(10, TimeUnit.SECONDS);
    if (token == null) {
      return withDeadline;
    }
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return withDeadline.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  static DepositRequest deposit(String account, long amount) {
    return DepositRequest.newBuilder().setCommandId("dep-" + UUID.randomUUID()).setAccountId(account)
        .setAmountMinor(amount).setCurrency("USD").build();
  }

  private static TransferRequest transfer(String from, String to, long amount) {
    return TransferRequest.newBuilder().setCommandId("tr-" + UUID.randomUUID()).setFromAccountId(from)
        .setToAccountId(to).setAmountMinor(amount).setCurrency("USD").build();
  }

  /** The stream's first message, then the stream cancelled; or its refusal. */
  static Reply<BalanceUpdate> firstOfStream(ManagedChannel channel, String token, String account) {
    Context.CancellableContext call = Context.current().withCancellation();
    try {
      return call.call(() -> GrpcJava.call(() -> {
        Iterator<BalanceUpdate> updates = authorized(QueryServiceGrpc.newBlockingStub(channel), token)
            .streamBalance(StreamBalanceRequest.newBuilder().setAccountId(account).build());
        return updates.next();
      }));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      call.cancel(null);
    }
  }

  private static Reply<? extends Message> verify(String token, String account) {
    Context.CancellableContext call = Context.current().withCancellation();
    try {
      return call.call(() -> GrpcJava.call(() -> {
        Iterator<VerifyProjectionUpdate> updates = authorized(AdminServiceGrpc.newBlockingStub(fixture.channel), token)
            .verifyProjection(VerifyProjectionRequest.newBuilder().setAccountId(account).build());
        VerifyProjectionUpdate last = null;
        while (updates.hasNext()) {
          last = updates.next();
        }
        return last;
      }));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      call.cancel(null);
    }
  }

  /** The rebuild's last progress message, or its refusal; rebuilds every view without an account. */
  private static Reply<? extends Message> rebuild(String token, String account) {
    Context.CancellableContext call = Context.current().withCancellation();
    try {
      return call.call(() -> GrpcJava.call(() -> {
        Iterator<RebuildProgress> progress = authorized(AdminServiceGrpc.newBlockingStub(fixture.channel), token)
            .rebuildProjection(RebuildProjectionRequest.newBuilder().setAccountId(account).build());
        RebuildProgress last = null;
        while (progress.hasNext()) {
          last = progress.next();
        }
        return last;
      }));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      call.cancel(null);
    }
  }

  private static long events() {
    return fixture.audit().query("SELECT count(*) AS n FROM ledger.events").get(0).getLong("n");
  }
}

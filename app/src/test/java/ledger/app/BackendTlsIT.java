package ledger.app;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;
import ledger.app.server.LedgerServer;
import ledger.app.server.PostgresUrl;
import ledger.app.server.RedisTls;
import ledger.app.server.Role;
import ledger.app.server.ServerConfig;
import ledger.app.server.ServerSecurity;
import ledger.testkit.BackendCertificates;
import ledger.testkit.GrpcJava;
import ledger.testkit.TestInfra;
import ledger.v1.Balance;
import ledger.v1.BalanceUpdate;
import ledger.v1.CommandResult;
import ledger.v1.CommandServiceGrpc;
import ledger.v1.DepositRequest;
import ledger.v1.GetBalanceRequest;
import ledger.v1.OpenAccountRequest;
import ledger.v1.QueryServiceGrpc;
import ledger.v1.StreamBalanceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from the ledger to PostgreSQL and Redis, against servers that speak nothing else: a
 * PostgreSQL whose pg_hba.conf has only {@code hostssl} lines and a Redis with no plaintext
 * port, both holding a certificate for {@code localhost} alone from a CA made here.
 */
class BackendTlsIT {

  /** A start that fails must fail this fast, not hang until some distant timeout. */
  private static final Duration QUICKLY = Duration.ofSeconds(20);

  @TempDir
  static Path dir;
  static BackendCertificates.Authority ca;
  static BackendCertificates.Authority otherCa;
  static TlsPostgres postgres;
  static TlsRedis redis;
  static Vertx vertx;

  @BeforeAll
  static void backends() {
    BackendCertificates certificates = BackendCertificates.in(dir);
    ca = certificates.authority("backends");
    otherCa = certificates.authority("other");
    BackendCertificates.Issued localhost = ca.server("localhost", "localhost");
    postgres = TlsPostgres.start(dir, localhost, ca);
    redis = new TlsRedis(localhost, ca);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
    if (redis != null) {
      redis.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void every_role_reaches_postgresql_with_verify_full_and_redis_with_rediss_and_serves_writes_reads_and_streams()
      throws Exception {
    String pg = postgres.url("localhost", "sslmode=verify-full&sslrootcert=" + ca.certificateFile());
    try (Started ledger = start(EnumSet.allOf(Role.class), pg, redis.url("rediss", "localhost"),
        new RedisTls(ca.certificateFile(), null, null))) {
      CommandServiceGrpc.CommandServiceBlockingStub commands = CommandServiceGrpc.newBlockingStub(ledger.channel)
          .withDeadlineAfter(20, TimeUnit.SECONDS);
      CommandResult opened = commands.openAccount(OpenAccountRequest.newBuilder().setCommandId("tls-open")
          .setAccountId("tls-1").setCurrency("USD").build());
      List<BalanceUpdate> updates = new CopyOnWriteArrayList<>();
      QueryServiceGrpc.newStub(ledger.channel).streamBalance(StreamBalanceRequest.newBuilder().setAccountId("tls-1")
          .setConsistencyToken(opened.getConsistencyToken()).build(), collect(updates));
      until("the stream's first state", QUICKLY, updates::size, n -> n >= 1);

      CommandResult deposited = commands.deposit(DepositRequest.newBuilder().setCommandId("tls-deposit")
          .setAccountId("tls-1").setAmountMinor(2500).setCurrency("USD").build());
      Balance read = QueryServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(20, TimeUnit.SECONDS)
          .getBalance(GetBalanceRequest.newBuilder().setAccountId("tls-1")
              .setConsistencyToken(deposited.getConsistencyToken()).build());

      assertThat(read.getBalanceMinor()).isEqualTo(2500);
      assertThat(read.getVersion()).isEqualTo(2);
      until("the deposit on the stream", QUICKLY, updates::size, n -> n >= 2);
      assertThat(updates.get(1).getBalance().getBalanceMinor()).isEqualTo(2500);
      assertThat(updates.get(1).getEventType()).isEqualTo("MoneyDeposited");
      // pg_hba.conf already refuses anything else; this says which sessions there were
      Row sessions = await(PgConnection.connect(vertx, PostgresUrl.options(pg))
          .compose(c -> c.query("SELECT count(*) FILTER (WHERE s.ssl), count(*) FILTER (WHERE NOT s.ssl) "
              + "FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.backend_type = 'client backend'")
              .execute().eventually(c::close))).iterator().next();
      assertThat(sessions.getLong(0)).as("encrypted sessions: pools, LISTEN, lock, this one").isGreaterThan(3);
      assertThat(sessions.getLong(1)).as("plaintext sessions").isZero();
    }
  }

  @Test
  void ledger_migrate_reaches_postgresql_over_tls_as_serve_does_and_says_why_another_ca_is_refused() {
    String pg = postgres.url("localhost", "sslmode=verify-full&sslrootcert=" + ca.certificateFile());
    String wrong = postgres.url("localhost", "sslmode=verify-full&sslrootcert=" + otherCa.certificateFile());
    java.io.StringWriter err = new java.io.StringWriter();

    assertThat(Main.run("migrate", "--pg-url", pg)).isZero();
    assertThat(Main.commandLine().setErr(new java.io.PrintWriter(err, true)).execute("migrate", "--pg-url", wrong))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith("Migration failed: PostgreSQL at localhost:" + postgres.port()
        + " (sslmode=verify-full)").contains("the server's certificate is not signed by a CA in sslrootcert");
  }

  @Test
  void a_postgresql_certificate_from_another_ca_stops_the_start_at_once_with_the_reason() {
    String pg = postgres.url("localhost", "sslmode=verify-full&sslrootcert=" + otherCa.certificateFile());

    assertThatThrownBy(() -> startQuickly(EnumSet.of(Role.COMMAND), pg, null, RedisTls.jvmTrustStore()))
        .hasMessageContaining("PostgreSQL at localhost:" + postgres.port() + " (sslmode=verify-full)")
        .hasMessageContaining("the server's certificate is not signed by a CA in sslrootcert");
  }

  @Test
  void verify_full_refuses_a_certificate_that_does_not_name_the_host_and_verify_ca_accepts_it() throws Exception {
    // the certificate names localhost only; 127.0.0.1 is the same server under another name
    String full = postgres.url("127.0.0.1", "sslmode=verify-full&sslrootcert=" + ca.certificateFile());
    String chainOnly = postgres.url("127.0.0.1", "sslmode=verify-ca&sslrootcert=" + ca.certificateFile());

    assertThatThrownBy(() -> startQuickly(EnumSet.of(Role.COMMAND), full, null, RedisTls.jvmTrustStore()))
        .hasMessageContaining("PostgreSQL at 127.0.0.1:" + postgres.port() + " (sslmode=verify-full)")
        .hasMessageContaining("the server's certificate does not name host 127.0.0.1");
    try (Started ledger = start(EnumSet.of(Role.COMMAND), chainOnly, null, RedisTls.jvmTrustStore())) {
      CommandResult opened = CommandServiceGrpc.newBlockingStub(ledger.channel).withDeadlineAfter(20, TimeUnit.SECONDS)
          .openAccount(OpenAccountRequest.newBuilder().setCommandId("ca-only-open").setAccountId("ca-only")
              .setCurrency("EUR").build());
      assertThat(opened.getConsistencyToken()).isNotEmpty();
    }
  }

  @Test
  void require_prefer_and_allow_encrypt_without_verifying_and_a_url_without_sslmode_is_plaintext() {
    for (String mode : List.of("require", "prefer", "allow")) {
      assertThat(encrypted(postgres.url("127.0.0.1", "sslmode=" + mode))).as(mode).isTrue();
    }
    assertThatThrownBy(() -> encrypted(postgres.url("localhost", "")))
        .hasMessageContaining("no pg_hba.conf entry").hasMessageContaining("no encryption");
  }

  @Test
  void verify_full_to_a_postgresql_without_tls_stops_the_start_with_the_reason() {
    String plaintextOnly = TestInfra.pgUrl(TestInfra.pgOptions("postgres")).replace("127.0.0.1", "localhost")
        + "?sslmode=verify-full&sslrootcert=" + ca.certificateFile();

    assertThatThrownBy(() -> startQuickly(EnumSet.of(Role.COMMAND), plaintextOnly, null, RedisTls.jvmTrustStore()))
        .hasMessageContaining("(sslmode=verify-full): the server does not accept TLS connections");
  }

  @Test
  void a_plaintext_redis_url_to_a_tls_only_port_stops_the_start_with_the_reason() {
    String pg = postgres.url("localhost", "sslmode=verify-full&sslrootcert=" + ca.certificateFile());

    assertThatThrownBy(() -> startQuickly(EnumSet.allOf(Role.class), pg, redis.url("redis", "localhost"),
        RedisTls.jvmTrustStore()))
        .hasMessageContaining("Redis at localhost:" + redis.port() + " (redis://, plaintext) did not answer PING")
        .hasMessageContaining("use rediss://");
  }

  @Test
  void rediss_refuses_a_certificate_from_another_ca_and_one_that_does_not_name_the_host() {
    String pg = postgres.url("localhost", "sslmode=verify-full&sslrootcert=" + ca.certificateFile());

    assertThatThrownBy(() -> startQuickly(EnumSet.allOf(Role.class), pg, redis.url("rediss", "localhost"),
        new RedisTls(otherCa.certificateFile(), null, null)))
        .hasMessageContaining("Redis at localhost:" + redis.port() + " (rediss://, TLS) did not answer PING")
        .hasMessageContaining("not signed by a CA in --redis-tls-ca");
    assertThatThrownBy(() -> startQuickly(EnumSet.allOf(Role.class), pg, redis.url("rediss", "127.0.0.1"),
        new RedisTls(ca.certificateFile(), null, null)))
        .hasMessageContaining("Redis at 127.0.0.1:" + redis.port() + " (rediss://, TLS) did not answer PING")
        .hasMessageContaining("does not name host 127.0.0.1");
  }

  @Test
  void sslcert_and_sslkey_log_in_a_role_that_postgresql_admits_by_client_certificate_only() {
    BackendCertificates.Issued client = ca.client(TlsPostgres.CERTIFIED_USER);
    String verified = "sslmode=verify-full&sslrootcert=" + ca.certificateFile();

    Row session = await(PgConnection.connect(vertx, PostgresUrl.options(postgres.url(TlsPostgres.CERTIFIED_USER,
            "localhost", verified + "&sslcert=" + client.certificateFile() + "&sslkey=" + client.keyFile())))
        .compose(c -> c.query("SELECT current_user, client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .execute().eventually(c::close))).iterator().next();
    assertThat(session.getString(0)).isEqualTo(TlsPostgres.CERTIFIED_USER);
    assertThat(session.getString(1)).isEqualTo("/CN=" + TlsPostgres.CERTIFIED_USER);
    assertThatThrownBy(() -> encrypted(postgres.url(TlsPostgres.CERTIFIED_USER, "localhost", verified)))
        .hasMessageContaining("connection requires a valid client certificate");
  }

  @Test
  void a_redis_that_asks_for_client_certificates_admits_the_one_given_by_redis_tls_cert_and_key() throws Exception {
    BackendCertificates.Issued client = ca.client("ledger");
    try (TlsRedis certifying = new TlsRedis(ca.server("redis-mtls", "localhost"), ca, true)) {
      String url = certifying.url("rediss", "localhost");

      assertThat(ping(url, new RedisTls(ca.certificateFile(), client.certificateFile(), client.keyFile())))
          .isEqualTo("PONG");
      assertThatThrownBy(() -> ping(url, new RedisTls(ca.certificateFile(), null, null)))
          .hasStackTraceContaining("certificate_required");
    }
  }

  private static String ping(String url, RedisTls tls) {
    RedisOptions options = new RedisOptions().setConnectionString(url);
    tls.applyTo(url, options.getNetClientOptions());
    Redis client = Redis.createClient(vertx, options);
    try {
      return await(client.send(Request.cmd(Command.PING))).toString();
    } finally {
      client.close();
    }
  }

  private static boolean encrypted(String url) {
    return await(PgConnection.connect(vertx, PostgresUrl.options(url))
        .compose(c -> c.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
            .eventually(c::close)))
        .iterator().next().getBoolean(0);
  }

  private static void startQuickly(Set<Role> roles, String pgUrl, String redisUrl, RedisTls redisTls) {
    assertTimeoutPreemptively(QUICKLY, () -> start(roles, pgUrl, redisUrl, redisTls).close());
  }

  private static Started start(Set<Role> roles, String pgUrl, String redisUrl, RedisTls redisTls) {
    int grpcPort = TestInfra.freePort();
    ServerConfig config = ServerConfig.defaults()
        .withRoles(roles)
        .withEndpoints("127.0.0.1", grpcPort, TestInfra.freePort())
        .withStorage(Path.of("target", "unused-data"), pgUrl, redisUrl, TestInfra.freshPrefix("BackendTlsIT"))
        .withSizing(2, 4, 4)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1))
        .withSecurity(ServerSecurity.defaults().withRedisTls(redisTls));
    return new Started(LedgerServer.start(config), GrpcJava.channel(grpcPort));
  }

  private static StreamObserver<BalanceUpdate> collect(List<BalanceUpdate> into) {
    return new StreamObserver<>() {
      @Override
      public void onNext(BalanceUpdate update) {
        into.add(update);
      }

      @Override
      public void onError(Throwable t) {
      }

      @Override
      public void onCompleted() {
      }
    };
  }

  private record Started(LedgerServer server, ManagedChannel channel) implements AutoCloseable {
    @Override
    public void close() {
      GrpcJava.close(channel);
      server.close();
    }
  }
}

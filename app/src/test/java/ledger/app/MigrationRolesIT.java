package ledger.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.pgclient.PgConnectOptions;
import ledger.app.server.LedgerServer;
import ledger.app.server.Role;
import ledger.app.server.ServerConfig;
import ledger.app.server.ServerOperations;
import ledger.store.pg.SchemaMigrator;
import ledger.testkit.TestInfra;
import ledger.testkit.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The Kubernetes way to migrate (docs/kubernetes.md, "Upgrade"): {@code ledger migrate} applies the
 * schema and exits; a role started with {@code --migrate=false} never migrates, waits for the
 * schema, and gives up with a non-zero exit when it stays behind. Against real PostgreSQL.
 */
class MigrationRolesIT {

  private final ListAppender<ILoggingEvent> gateLog = new ListAppender<>();
  private final Logger gateLogger = (Logger) LoggerFactory.getLogger("ledger.app.server.SchemaGate");

  @BeforeEach
  void listen() {
    gateLog.start();
    gateLogger.addAppender(gateLog);
  }

  @AfterEach
  void stopListening() {
    gateLogger.detachAppender(gateLog);
  }

  @Test
  void migrate_brings_an_empty_database_up_to_date_and_a_second_run_applies_nothing() throws SQLException {
    PgConnectOptions database = TestInfra.freshDatabase("migrate_cli");

    assertThat(migrate(database)).contains("Schema up to date: " + SchemaMigrator.MIGRATIONS.size() + " migration(s)");
    assertThat(recordedMigrations(database)).isEqualTo(SchemaMigrator.MIGRATIONS.size());
    assertThat(migrate(database)).contains("Schema up to date: 0 migration(s)");
  }

  @Test
  void a_role_that_does_not_migrate_waits_for_the_schema_and_serves_once_migrate_has_run() throws Exception {
    PgConnectOptions database = TestInfra.freshDatabase("schema_wait");
    ServerConfig config = commandRole(database, Duration.ofSeconds(90));
    CompletableFuture<LedgerServer> starting = CompletableFuture.supplyAsync(() -> LedgerServer.start(config));
    try {
      Waits.until("the role to say it waits for the schema", Waits.LIMIT, this::gateLines,
          lines -> lines.stream().anyMatch(line -> line.startsWith("Schema is behind this build")));
      assertThat(starting).isNotDone();
      assertThat(migrationsTablePresent(database)).as("the waiting role migrated nothing itself").isFalse();

      migrate(database);

      try (LedgerServer server = starting.get(Waits.LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        assertThat(ready(config.httpPort())).isEqualTo(200);
        assertThat(gateLines()).anyMatch(line -> line.startsWith("Schema up to date after"));
      }
    } finally {
      starting.thenAccept(LedgerServer::close);
    }
  }

  @Test
  void a_role_that_does_not_migrate_exits_non_zero_when_the_schema_stays_behind() throws Exception {
    PgConnectOptions database = TestInfra.freshDatabase("schema_behind");
    StringWriter err = new StringWriter();
    CommandLine ledger = Main.commandLine().setErr(new PrintWriter(err, true));
    // A start that fails is a log line ("Could not start: ..."), so that a JSON log stays JSON.
    ListAppender<ILoggingEvent> lifecycleLog = new ListAppender<>();
    Logger lifecycle = (Logger) LoggerFactory.getLogger("ledger.app.logs.Lifecycle");
    lifecycleLog.start();
    lifecycle.addAppender(lifecycleLog);

    int exit;
    try {
      // bounded: a serve that started after all would run until the JVM ends
      exit = CompletableFuture.supplyAsync(() -> ledger.execute("serve", "--roles=command", "--migrate=false",
              "--schema-wait-ms=1500", "--pg-url", TestInfra.pgUrl(database), "--host", "127.0.0.1",
              "--event-loops", "1", "--grpc-port", Integer.toString(TestInfra.freePort()),
              "--http-port", Integer.toString(TestInfra.freePort())))
          .get(Waits.LIMIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      lifecycle.detachAppender(lifecycleLog);
    }

    assertThat(exit).isNotZero();
    String said = err + lifecycleLog.list.stream().map(ILoggingEvent::getFormattedMessage)
        .collect(java.util.stream.Collectors.joining("\n"));
    assertThat(said).contains("schema still behind this build after 1 s (--schema-wait-ms)")
        .contains("V1__events.sql");
    assertThat(migrationsTablePresent(database)).isFalse();
  }

  private static ServerConfig commandRole(PgConnectOptions database, Duration schemaWait) {
    ServerConfig config = ServerConfig.defaults()
        .withRoles(EnumSet.of(Role.COMMAND))
        .withEndpoints("127.0.0.1", TestInfra.freePort(), TestInfra.freePort())
        .withStorage(Path.of("target", "unused-data"), TestInfra.pgUrl(database), null, "ledger:")
        .withSizing(1, 2, 1);
    return config.withOperations(ServerOperations.defaults().withMigrate(false).withSchemaWait(schemaWait));
  }

  private static String migrate(PgConnectOptions database) {
    StringWriter out = new StringWriter();
    int exit = Main.commandLine().setOut(new PrintWriter(out, true)).execute("migrate", "--pg-url",
        TestInfra.pgUrl(database));
    assertThat(exit).as("ledger migrate's exit code").isZero();
    return out.toString();
  }

  private List<String> gateLines() {
    return List.copyOf(gateLog.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private static int ready(int httpPort) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  private static boolean migrationsTablePresent(PgConnectOptions database) throws SQLException {
    try (Connection conn = TestInfra.postgres().getDatabase("postgres", database.getDatabase()).getConnection();
         ResultSet rows = conn.createStatement().executeQuery(
             "SELECT to_regclass('ledger.schema_migrations') IS NOT NULL")) {
      rows.next();
      return rows.getBoolean(1);
    }
  }

  private static int recordedMigrations(PgConnectOptions database) throws SQLException {
    try (Connection conn = TestInfra.postgres().getDatabase("postgres", database.getDatabase()).getConnection();
         ResultSet rows = conn.createStatement().executeQuery("SELECT count(*) FROM ledger.schema_migrations")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}

package ledger.command;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import ledger.testkit.ClassFixture;
import ledger.testkit.TestInfra;

/**
 * One test class's world, as a JUnit extension ({@code @RegisterExtension static}): a fresh,
 * migrated PostgreSQL database of its own, the command nodes serving it and the clients
 * calling them, all closed after the class's last test. Its fields are set before the
 * class's first {@code @BeforeAll} method runs.
 */
final class LedgerFixture extends ClassFixture {

  PgConnectOptions database;
  Vertx clientVertx;
  LedgerTables tables;

  @Override
  protected void open(String testClass) {
    database = TestInfra.freshDatabase(testClass);
    clientVertx = newVertx();
    tables = track(LedgerTables.migrated(clientVertx, database));
  }

  CommandNode startNode() {
    return track(CommandNode.start(database));
  }

  CommandNode startNode(CommandConfig config) {
    return track(CommandNode.start(database, config));
  }

  CommandClient client(CommandClient.Kind kind, CommandNode node) {
    return track(kind.connect(clientVertx, node));
  }
}

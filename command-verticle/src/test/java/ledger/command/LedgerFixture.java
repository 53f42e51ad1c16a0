package ledger.command;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import ledger.testkit.ClassFixture;
import ledger.testkit.TcpRelay;
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

  /** A relay in front of the class's database, to cut it or count what it sends; closed with the rest. */
  TcpRelay relay() {
    return track(TcpRelay.to(clientVertx, database.getHost(), database.getPort()));
  }

  /** The class's database, reached through {@code relay}. */
  PgConnectOptions through(TcpRelay relay) {
    return new PgConnectOptions(database).setHost("127.0.0.1").setPort(relay.port());
  }

  CommandClient client(CommandClient.Kind kind, CommandNode node) {
    return track(kind.connect(clientVertx, node));
  }
}

package ledger.command;

import java.util.ArrayDeque;
import java.util.Deque;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import ledger.testkit.TestInfra;

/**
 * One test class's world: a fresh, migrated PostgreSQL database of its own, the command
 * nodes serving it, and the clients calling them. Closes everything in reverse order.
 */
final class LedgerFixture implements AutoCloseable {

  final PgConnectOptions database;
  final Vertx clientVertx = Vertx.vertx();
  final LedgerTables tables;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  LedgerFixture(String name) {
    database = TestInfra.freshDatabase(name);
    tables = LedgerTables.migrated(clientVertx, database);
    opened.push(tables);
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

  <T extends AutoCloseable> T track(T resource) {
    opened.push(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    Blocking.await(clientVertx.close());
    if (first != null) {
      throw first;
    }
  }
}

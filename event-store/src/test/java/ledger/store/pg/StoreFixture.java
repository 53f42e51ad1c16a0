package ledger.store.pg;

import static ledger.testkit.Waits.await;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import ledger.domain.AccountEvent;
import ledger.domain.AccountId;
import ledger.domain.CommandId;
import ledger.store.Append;
import ledger.store.NewEvent;
import ledger.testkit.ClassFixture;
import ledger.testkit.Fingerprints;
import ledger.testkit.TestInfra;

/**
 * A migrated database of its own for one test class, as a JUnit extension
 * ({@code @RegisterExtension static}); its fields are set before the class's first
 * {@code @BeforeAll} method runs.
 */
final class StoreFixture extends ClassFixture {

  Vertx vertx;
  PgConnectOptions options;
  Pool pool;

  /** A database for one test alone, outside any class's lifecycle: the test closes it. */
  static StoreFixture openedFor(String name) {
    StoreFixture fixture = new StoreFixture();
    fixture.open(name);
    return fixture;
  }

  @Override
  protected void open(String testClass) {
    vertx = newVertx();
    options = TestInfra.freshDatabase(testClass);
    pool = newPool(vertx, options, 8);
    await(new SchemaMigrator(pool).migrate());
  }

  /** An anonymous caller's command. */
  static Append append(String commandId, String request, AccountId stream, long version, AccountEvent... events) {
    return appendBy(null, commandId, request, stream, version, events);
  }

  /** A command of the caller authenticated as {@code subject} (null: anonymous). */
  static Append appendBy(String subject, String commandId, String request, AccountId stream, long version,
                         AccountEvent... events) {
    List<NewEvent> newEvents = new ArrayList<>();
    for (int i = 0; i < events.length; i++) {
      newEvents.add(new NewEvent(stream, version + i, events[i]));
    }
    return new Append(CommandId.of(commandId), Fingerprints.sha256(request), "Test", "corr-" + commandId, subject,
        newEvents);
  }
}

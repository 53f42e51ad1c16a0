package ledger.store.pg;

import static ledger.testkit.Waits.await;
import static ledger.testkit.Waits.until;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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

  /** The payloads heard on the commit doorbell's channel from now on, in order (LISTENing when this returns). */
  List<String> listenToDoorbell() {
    List<String> heard = new CopyOnWriteArrayList<>();
    PgSubscriber subscriber = PgSubscriber.subscriber(vertx, options);
    Promise<Void> listening = Promise.promise();
    subscriber.channel(CommitNotifier.CHANNEL).subscribeHandler(v -> listening.tryComplete()).handler(heard::add);
    await(subscriber.connect());
    await(listening.future());
    AutoCloseable closing = () -> await(subscriber.close());
    track(closing);
    return heard;
  }

  /**
   * Sends {@code marker} on the doorbell's channel through {@code bell} and waits, up to {@code wait},
   * until {@code heard} has it: whatever was sent on that channel before it has been heard by then.
   */
  static void notifyAndHear(Pool bell, List<String> heard, String marker, Duration wait) {
    await(bell.preparedQuery(Sql.NOTIFY.replace("''", "$2")).execute(Tuple.of(CommitNotifier.CHANNEL, marker)));
    until(marker + " heard", wait, () -> heard.contains(marker), yes -> yes);
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

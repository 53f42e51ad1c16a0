package ledger.store.pg;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rings the tail's doorbell after commits. NOTIFY takes a database-wide lock when its
 * transaction commits, so it is never sent inside a command's transaction and never
 * once per command: while one NOTIFY is in flight, further rings only mark that another
 * is due, so under load there is at most one NOTIFY per round trip. The tail also polls,
 * so a lost ring costs latency, not data.
 *
 * <p>A projection in the same process hears the ring at once on the local event bus; while it
 * writes every partition, no NOTIFY is sent at all ({@link LocalWriters}).
 */
public final class CommitNotifier {

  public static final String CHANNEL = "ledger_events";
  /** Local event-bus address rung after every commit, for a tail in the same process. */
  public static final String LOCAL_ADDRESS = "ledger.events.committed";

  private static final Logger LOG = LoggerFactory.getLogger(CommitNotifier.class);

  private final Vertx vertx;
  private final Pool pool;
  private final LocalWriters localWriters;
  private boolean inFlight;
  private boolean due;

  public CommitNotifier(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.localWriters = LocalWriters.of(vertx);
  }

  public void ring() {
    vertx.eventBus().publish(LOCAL_ADDRESS, null);
    if (localWriters.everyPartition()) {
      return;
    }
    synchronized (this) {
      if (inFlight) {
        due = true;
        return;
      }
      inFlight = true;
    }
    send();
  }

  private void send() {
    Future<?> sent = pool.preparedQuery(Sql.NOTIFY).execute(Tuple.of(CHANNEL));
    sent.onComplete(done -> {
      if (done.failed()) {
        LOG.debug("NOTIFY failed; the tail's poll will pick the events up", done.cause());
      }
      boolean again;
      synchronized (this) {
        again = due;
        due = false;
        inFlight = again;
      }
      if (again) {
        send();
      }
    });
  }
}

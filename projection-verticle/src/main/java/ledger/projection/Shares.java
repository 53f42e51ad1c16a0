package ledger.projection;

import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import ledger.readmodel.Partitioning;
import ledger.store.pg.AdvisoryLocks;
import ledger.store.pg.LockSession;
import ledger.store.pg.TailHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How this process shares the partitions with the other projection processes, so the first
 * one started does not write them all. Each process holds the members lock shared on a session
 * of its own (PostgreSQL drops it with the process, or once it goes silent, as the writer
 * locks' sessions), so each can count the processes: with {@code M} of them, a process's fair
 * share of {@code N} partitions is {@code ceil(N / M)}. A process below its share tries any
 * partition at once; one at its share tries a partition only once it has had no writer for
 * {@link #ORPHANED_AFTER_RETRIES} retries (the others had their turn: an orphan is still taken);
 * one above its share, when another process joins, hands one partition over per round. The
 * lock of each partition stays what keeps its writer single: this only decides who tries.
 * Confined to the verticle's event loop.
 */
final class Shares {

  private static final Logger LOG = LoggerFactory.getLogger(Shares.class);
  /** Lock retries a free partition waits for a process below its share before one at its share takes it. */
  static final int ORPHANED_AFTER_RETRIES = 3;

  private final Vertx vertx;
  private final TailHealth health;
  private final PgConnectOptions connection;
  private final ProjectionConfig config;
  private final long membersKey;
  private final int count;
  private final long[] freeSince;
  private List<Partition> partitions = List.of();
  private LockSession membership;
  /** Proves the members session still answers; a silent one is closed, and the next round joins again. */
  private LockWatch watch;
  private boolean joining;
  private int members = 1;
  private long timer = -1;
  private boolean stopped;

  Shares(Vertx vertx, TailHealth health, PgConnectOptions connection, ProjectionConfig config,
         Partitioning partitioning) {
    this.vertx = vertx;
    this.health = health;
    this.connection = connection;
    this.config = config;
    this.count = partitioning.count();
    this.membersKey = AdvisoryLocks.projectionMembers(count);
    this.freeSince = new long[count];
  }

  /** Joins the members and counts them before the first election, so processes started together share at once. */
  Future<Void> start(List<Partition> partitions) {
    this.partitions = partitions;
    // the members session must be checked within its silence timeout, as a writer lock's is
    long every = Math.min(config.lockRetry().toMillis(), config.lockLiveness().checkInterval().toMillis());
    timer = vertx.setPeriodic(every, tick -> round());
    return join().compose(joined -> countMembers()).otherwiseEmpty();
  }

  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    stopWatch();
    LockSession leaving = membership;
    membership = null;
    return leaving == null ? Future.succeededFuture() : leaving.close();
  }

  /** How many projection processes share the partitions, as last counted (this one included). */
  int members() {
    return members;
  }

  /** The most partitions this process should write. */
  int fairShare() {
    return (count + members - 1) / members;
  }

  /** Whether {@code partition}'s standby should try its lock now. */
  Future<Boolean> mayTry(Partition partition) {
    if (leading() < fairShare()) {
      freeSince[partition.number()] = 0;
      return Future.succeededFuture(true);
    }
    return health.lockHolder(partition.lock()).map(holder -> {
      int number = partition.number();
      if (holder.isPresent()) {
        freeSince[number] = 0;
        return false;
      }
      long now = System.nanoTime();
      if (freeSince[number] == 0) {
        freeSince[number] = now;
      }
      return now - freeSince[number] >= ORPHANED_AFTER_RETRIES * config.lockRetry().toNanos();
    });
  }

  private int leading() {
    return (int) partitions.stream().filter(Partition::isActive).count();
  }

  /** Keeps the membership alive, counts the members, and hands a partition over if this process writes too many. */
  private void round() {
    if (stopped) {
      return;
    }
    // the members session is checked by its watch, one round trip at a time
    Future<Void> alive = membership == null ? join() : Future.succeededFuture();
    alive.compose(checked -> countMembers()).onSuccess(counted -> handOverExtra())
        .onFailure(failed -> LOG.debug("Could not count the projection processes", failed));
  }

  private void handOverExtra() {
    if (stopped || leading() <= fairShare()) {
      return;
    }
    // one per round: the process that joined takes it before this one gives up another
    partitions.stream().filter(Partition::isActive).reduce((first, second) -> second).ifPresent(last -> {
      LOG.info("{} projection processes share {} partitions: this one writes {}, more than its share of {};"
          + " handing {} over", members, count, leading(), fairShare(), last.name());
      last.handOver();
    });
  }

  private Future<Void> countMembers() {
    if (membership == null) {
      // Joining, or joining again: a session of this process may hold the lock already (its
      // answer on its way) or still (a silent one PostgreSQL has not ended yet), so a count
      // now could count this process twice. The last count stands until it is a member again.
      return Future.succeededFuture();
    }
    return health.lockSessions(membersKey).map(sessions -> {
      int counted = (int) Math.max(1, sessions);
      if (counted != members) {
        LOG.info("{} projection processes share the {} partitions (this one's share: {})", counted, count,
            (count + counted - 1) / counted);
      }
      members = counted;
      return null;
    });
  }

  private Future<Void> join() {
    if (joining || stopped) {
      return Future.succeededFuture();
    }
    joining = true;
    return LockSession.open(vertx, connection, "ledger-projection-members").compose(session -> {
      session.exceptionHandler(failure -> LOG.debug("Projection members connection failed", failure));
      session.closeHandler(closed -> {
        if (membership == session) {
          membership = null;
          stopWatch();
        }
      });
      return session.endWhenSilentFor(config.lockLiveness().sessionTimeout())
          .compose(set -> session.tryLockShared(membersKey))
          .map(held -> {
            if (stopped) {
              session.close();
            } else {
              membership = session;
              watch = new LockWatch(vertx, session, config.lockLiveness(), () -> silent(session));
            }
            return (Void) null;
          })
          .onFailure(failed -> session.close());
    }).onComplete(done -> joining = false)
        .onFailure(failed -> LOG.warn("Could not join the projection processes: {}", failed.toString()));
  }

  /** The members session answered nothing within the fence time: give it up; the next round joins on a new one. */
  private void silent(LockSession session) {
    if (membership != session) {
      return;
    }
    LOG.warn("The projection members connection went silent; joining again on a new one");
    membership = null;
    watch = null;
    session.close();
  }

  private void stopWatch() {
    if (watch != null) {
      watch.stop();
      watch = null;
    }
  }
}

package ledger.projection;

import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import ledger.store.pg.AdvisoryLocks;
import ledger.store.pg.LockSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One active projection writer at a time: a PostgreSQL session advisory lock, held on a
 * session of its own. If this process dies or loses that session, PostgreSQL releases the
 * lock and a standby takes it. A session that goes silent instead (a dropped route: no FIN,
 * no RST) is caught from both ends: the holder checks it every second and gives up the lock
 * (fences itself) when it stops answering, and PostgreSQL ends it after a longer silence,
 * so the old writer has stopped before a standby can take over (see {@link LockLiveness}).
 */
final class LeaderLock {

  private static final Logger LOG = LoggerFactory.getLogger(LeaderLock.class);

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final LockLiveness liveness;
  private final long key;
  private LockSession session;
  private LockWatch watch;

  LeaderLock(Vertx vertx, PgConnectOptions options, LockLiveness liveness) {
    this(vertx, options, liveness, AdvisoryLocks.PROJECTION_WRITER);
  }

  /** The lock of advisory-lock key {@code key} (a partition's, {@code Partitioning.writerLock}). */
  LeaderLock(Vertx vertx, PgConnectOptions options, LockLiveness liveness, long key) {
    this.vertx = vertx;
    this.options = options;
    this.liveness = liveness;
    this.key = key;
  }

  /**
   * Tries once; true when this process now holds the lock. {@code lost} runs if it is later
   * lost. A try that PostgreSQL does not answer within the fence time fails (its session is
   * given up), so a standby whose own connection went silent tries again on a new one.
   */
  Future<Boolean> tryAcquire(Runnable lost) {
    Promise<Boolean> attempt = Promise.promise();
    long timer = vertx.setTimer(liveness.fenceAfter().toMillis(), expired -> attempt.tryFail(new TimeoutException(
        "PostgreSQL did not answer the writer-lock try within " + liveness.fenceAfter().toMillis() + " ms")));
    acquire(attempt.future(), lost).onComplete(done -> {
      vertx.cancelTimer(timer);
      if (done.succeeded()) {
        attempt.tryComplete(done.result());
      } else {
        attempt.tryFail(done.cause());
      }
    });
    return attempt.future().onFailure(failed -> release());
  }

  private Future<Boolean> acquire(Future<Boolean> attempt, Runnable lost) {
    Future<LockSession> opened = session != null ? Future.succeededFuture(session) : open(attempt, lost);
    return opened.compose(s -> s.tryLock(key).map(held -> held && hold(s, lost)));
  }

  // Every lock session, a standby's too, is one PostgreSQL drops when it goes silent: a try
  // whose answer was lost may have taken the lock for a session nobody will use again.
  private Future<LockSession> open(Future<Boolean> attempt, Runnable lost) {
    return LockSession.open(vertx, options, "ledger-writer-lock").compose(s -> {
      if (attempt.isComplete()) {
        // This try was given up while connecting: nobody would close this session.
        return s.close().transform(closed -> Future.failedFuture(attempt.cause()));
      }
      session = s;
      // A killed connection is reported through the close handler; the error itself is expected.
      s.exceptionHandler(failure -> LOG.debug("Writer-lock connection failed", failure));
      s.closeHandler(closed -> lose(s, lost));
      return s.endWhenSilentFor(liveness.sessionTimeout()).map(s);
    });
  }

  /** Starts checking the session now that it holds the lock; false if this try was given up meanwhile. */
  private boolean hold(LockSession s, Runnable lost) {
    if (s != session) {
      return false;
    }
    watch = new LockWatch(vertx, s, liveness, () -> {
      LOG.warn("The writer lock's session did not answer for {} ms; stopping writing before PostgreSQL"
          + " can give the lock to a standby", liveness.fenceAfter().toMillis());
      lose(s, lost);
    });
    return true;
  }

  /** The session ended or went silent: if it held the lock, the lock is lost; a standby's is just replaced. */
  private void lose(LockSession lostSession, Runnable lost) {
    if (lostSession == session) {
      boolean held = watch != null;
      release();
      if (held) {
        lost.run();
      }
    }
  }

  Future<Void> release() {
    LockSession s = session;
    session = null;
    if (watch != null) {
      watch.stop();
      watch = null;
    }
    return s == null ? Future.succeededFuture() : s.close();
  }
}

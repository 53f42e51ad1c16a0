package ledger.projection;

import io.vertx.core.Future;
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
  private LockSession session;
  private LockWatch watch;

  LeaderLock(Vertx vertx, PgConnectOptions options, LockLiveness liveness) {
    this.vertx = vertx;
    this.options = options;
    this.liveness = liveness;
  }

  /** Tries once; true when this process now holds the lock. {@code lost} runs if it is later lost. */
  Future<Boolean> tryAcquire(Runnable lost) {
    Future<LockSession> opened = session != null ? Future.succeededFuture(session)
        : LockSession.open(vertx, options, "ledger-writer-lock").map(s -> {
          session = s;
          // A killed connection is reported through the close handler; the error itself is expected.
          s.exceptionHandler(failure -> LOG.debug("Writer-lock connection failed", failure));
          return s;
        });
    return opened.compose(s -> s.tryLock(AdvisoryLocks.PROJECTION_WRITER)
            .compose(held -> held ? hold(s, lost).map(true) : Future.succeededFuture(false)))
        .onFailure(failed -> release());
  }

  private Future<Void> hold(LockSession s, Runnable lost) {
    return s.endWhenSilentFor(liveness.sessionTimeout()).onSuccess(set -> {
      s.closeHandler(closed -> lose(s, lost));
      watch = new LockWatch(vertx, s, liveness, () -> {
        LOG.warn("The writer lock's session did not answer for {} ms; stopping writing before PostgreSQL"
            + " can give the lock to a standby", liveness.fenceAfter().toMillis());
        lose(s, lost);
      });
    });
  }

  private void lose(LockSession lostSession, Runnable lost) {
    if (lostSession == session) {
      release();
      lost.run();
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

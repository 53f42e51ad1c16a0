package ledger.projection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The process's one {@link Doorbell}, shared by the partitions it writes: a commit may concern
 * any partition, so every ring rings each of their projectors (a projector with nothing new
 * reads one empty batch). Open while at least one projector is rung by it, so a process that
 * writes nothing holds no LISTEN connection, as before partitions. Confined to the
 * verticle's event loop.
 */
final class Doorbells {

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final long pollMillis;
  private final Set<Projector> rung = new LinkedHashSet<>();
  private Doorbell bell;

  Doorbells(Vertx vertx, PgConnectOptions options, long pollMillis) {
    this.vertx = vertx;
    this.options = options;
    this.pollMillis = pollMillis;
  }

  /** From now on, every ring rings {@code projector} too. */
  Future<Void> add(Projector projector) {
    rung.add(projector);
    if (bell != null) {
      return Future.succeededFuture();
    }
    bell = new Doorbell(vertx, options, pollMillis, this::ringAll);
    return bell.open();
  }

  /** Stops ringing {@code projector}; the last one out closes the bell. */
  Future<Void> remove(Projector projector) {
    if (!rung.remove(projector) || !rung.isEmpty() || bell == null) {
      return Future.succeededFuture();
    }
    Doorbell closing = bell;
    bell = null;
    return closing.close();
  }

  private void ringAll() {
    // a ring may end a term, which removes its projector
    new ArrayList<>(rung).forEach(Projector::ring);
  }
}

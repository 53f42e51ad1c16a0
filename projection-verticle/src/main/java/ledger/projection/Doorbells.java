package ledger.projection;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import ledger.store.pg.LocalWriters;

/**
 * The process's one {@link Doorbell}, shared by the partitions it writes: a commit may concern
 * any partition, so every ring rings each of their projectors (a projector with nothing new
 * reads one empty batch). Open while at least one projector is rung by it, so a process that
 * writes nothing holds no LISTEN connection, as before partitions. Tells {@link LocalWriters}
 * how many partitions it rings, so the process's commits skip their NOTIFY while it rings every
 * one. Confined to the verticle's event loop.
 */
final class Doorbells {

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final long pollMillis;
  private final int partitions;
  private final LocalWriters localWriters;
  private final Set<Projector> rung = new LinkedHashSet<>();
  private Doorbell bell;

  Doorbells(Vertx vertx, PgConnectOptions options, long pollMillis, int partitions) {
    this.vertx = vertx;
    this.options = options;
    this.pollMillis = pollMillis;
    this.partitions = partitions;
    this.localWriters = LocalWriters.of(vertx);
  }

  /** From now on, every ring rings {@code projector} too. */
  Future<Void> add(Projector projector) {
    rung.add(projector);
    Future<Void> opened = Future.succeededFuture();
    if (bell == null) {
      bell = new Doorbell(vertx, options, pollMillis, this::ringAll);
      // opening registers the local ring at once; the LISTEN session follows
      opened = bell.open();
    }
    localWriters.writing(rung.size(), partitions);
    return opened;
  }

  /** Stops ringing {@code projector}; the last one out closes the bell. */
  Future<Void> remove(Projector projector) {
    if (!rung.remove(projector)) {
      return Future.succeededFuture();
    }
    // first of all: commits are announced again before anyone elsewhere can take the partition
    localWriters.writing(rung.size(), partitions);
    if (!rung.isEmpty() || bell == null) {
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

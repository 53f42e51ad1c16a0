package ledger.projection;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.projection.admin.FullRebuilds;
import ledger.readmodel.Generations;
import ledger.store.pg.EventTail;
import ledger.v1.RebuildProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts full rebuilds in the writer, at most one at a time, and resumes the one a previous
 * writer left unfinished (its marker in Redis) whenever this instance starts writing. Confined
 * to the projector's event loop; callers on other loops hop onto it.
 */
final class Rebuilds implements FullRebuilds {

  private static final Logger LOG = LoggerFactory.getLogger(Rebuilds.class);

  private final Context context;
  private final Projector projector;
  private final EventTail tail;
  private final Generations generations;
  private final LongFunction<GenerationViews> views;
  private final int batchSize;
  private final BooleanSupplier writing;
  private FullRebuild current;

  Rebuilds(Context context, Projector projector, EventTail tail, Generations generations,
           LongFunction<GenerationViews> views, int batchSize, BooleanSupplier writing) {
    this.context = context;
    this.projector = projector;
    this.tail = tail;
    this.generations = generations;
    this.views = views;
    this.batchSize = batchSize;
    this.writing = writing;
    projector.onStarted(this::started);
  }

  /**
   * The projector started writing (at start-up, a takeover, or to follow a switch it did not make):
   * remove what a switch retired, if the writer that switched died before it did, and resume an
   * interrupted rebuild.
   */
  private void started(Generations.State state) {
    generations.removeEveryRetired(state.live()).onComplete(removed -> {
      if (removed.failed()) {
        LOG.warn("Could not remove the keys of a retired view generation: {}", removed.cause().toString());
      } else if (removed.result() > 0) {
        LOG.info("Removed {} keys of retired view generations", removed.result());
      }
    });
    if (state.rebuildPending()) {
      run(state.rebuilding(), true);
    } else if (state.rebuilding() != 0) {
      // a switch that happened, or a marker of a generation that is already live or older
      generations.clearRebuilding().onFailure(failed -> LOG.debug("Could not clear a stale rebuild marker", failed));
    }
  }

  @Override
  public boolean isWriting() {
    return writing.getAsBoolean();
  }

  @Override
  public Future<RebuildProgress> rebuild(Consumer<RebuildProgress> progress) {
    Promise<RebuildProgress> outcome = Promise.promise();
    context.runOnContext(v -> {
      if (!writing.getAsBoolean()) {
        outcome.fail(new LedgerException(Reason.NOT_THE_WRITER, "this instance stopped being the projection writer"));
        return;
      }
      FullRebuild running = running() ? current : run(projector.generation() + 1, false);
      running.follow(progress);
      running.done().onComplete(outcome);
    });
    return outcome.future();
  }

  /** The projector the rebuilds pause and hand generations to (tests ring it at chosen moments). */
  Projector projector() {
    return projector;
  }

  /** How many follow the last rebuild started (tests look for followers left behind). */
  int followers() {
    return current == null ? 0 : current.followers();
  }

  /** A rebuild of this writer term runs; one of an earlier term stops at its next step and is not followed. */
  private boolean running() {
    return current != null && !current.done().isComplete() && current.term() == projector.term();
  }

  private FullRebuild run(long target, boolean resumed) {
    if (running() && current.target() == target) {
      return current;
    }
    FullRebuild rebuild = new FullRebuild(context.owner(), projector, tail, generations, views, target, resumed,
        batchSize);
    current = rebuild;
    rebuild.run();
    return rebuild;
  }
}

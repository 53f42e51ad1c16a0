package ledger.projection;

import java.util.Optional;
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
 * writer left unfinished (its marker in Redis) whenever this instance starts writing, or the one
 * any process asked for (a new marker, which the projector notices). Confined to the projector's
 * event loop; callers on other loops hop onto it.
 */
final class Rebuilds implements FullRebuilds {

  private static final Logger LOG = LoggerFactory.getLogger(Rebuilds.class);
  /** A rebuild that failed in this term is started again for its marker no sooner than this. */
  private static final long RETRY_FAILED_NANOS = 5_000_000_000L;

  private final Context context;
  private final Projector projector;
  private final EventTail tail;
  private final Generations generations;
  private final LongFunction<GenerationViews> views;
  private final int batchSize;
  private final BooleanSupplier writing;
  private final String where;
  /** Written on the projector's loop; read by the admin service's (the last report it made). */
  private volatile FullRebuild current;
  private long failedAt;

  Rebuilds(Context context, Projector projector, EventTail tail, Generations generations,
           LongFunction<GenerationViews> views, int batchSize, BooleanSupplier writing, String where) {
    this.context = context;
    this.projector = projector;
    this.tail = tail;
    this.generations = generations;
    this.views = views;
    this.batchSize = batchSize;
    this.writing = writing;
    this.where = where;
    projector.onStarted(this::started);
    projector.onRebuildAsked(this::asked);
  }

  /**
   * The projector started writing (at start-up, a takeover, or to follow a switch it did not make):
   * remove what a switch retired, if the writer that switched died before it did, and resume an
   * interrupted rebuild.
   */
  private void started(Generations.State state) {
    generations.removeEveryRetired(state.live()).onComplete(removed -> {
      if (removed.failed()) {
        LOG.warn("{}Could not remove the keys of a retired view generation: {}", where, removed.cause().toString());
      } else if (removed.result() > 0) {
        LOG.info("{}Removed {} keys of retired view generations", where, removed.result());
      }
    });
    if (state.rebuildPending()) {
      run(state.rebuilding(), true);
    } else if (state.rebuilding() != 0) {
      // a switch that happened, or a marker of a generation that is already live or older
      generations.clearRebuilding().onFailure(failed -> LOG.debug("Could not clear a stale rebuild marker", failed));
    }
  }

  /**
   * The rebuilding marker names {@code target}, later than the live generation: a rebuild asked for
   * (maybe by another process), or the one running. Runs it unless it runs; one that failed in
   * this term is tried again after a while, not at every confirmation.
   */
  private void asked(long target) {
    if (!writing.getAsBoolean() || target <= projector.generation() || running()) {
      return;
    }
    FullRebuild last = current;
    if (last != null && last.term() == projector.term() && last.target() == target && last.done().failed()
        && System.nanoTime() - failedAt < RETRY_FAILED_NANOS) {
      return;
    }
    // from what the marked generation holds: nothing for one just asked for, an earlier run's work otherwise
    run(target, true);
  }

  @Override
  public void ask(long generation) {
    context.runOnContext(v -> asked(generation));
  }

  @Override
  public Future<Boolean> follow(long generation, Consumer<RebuildProgress> listener) {
    Promise<Boolean> followed = Promise.promise();
    context.runOnContext(v -> {
      boolean here = running() && current.target() == generation;
      if (here) {
        current.follow(listener);
      }
      followed.complete(here);
    });
    return followed.future();
  }

  @Override
  public Optional<RebuildProgress> progressOf(long generation) {
    FullRebuild last = current;
    // a run of a term that ended tells nothing of the rebuild the next writer goes on with
    return last == null || last.target() != generation || (!writing.getAsBoolean() && !last.done().succeeded())
        ? Optional.empty() : Optional.of(last.lastReport());
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
        batchSize, where);
    current = rebuild;
    rebuild.run().onFailure(failed -> failedAt = System.nanoTime());
    return rebuild;
  }
}

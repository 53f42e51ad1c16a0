package ledger.projection.admin;

import java.util.Optional;
import java.util.function.Consumer;

import io.vertx.core.Future;
import ledger.v1.RebuildProgress;

/** The writer's full rebuilds, as the admin service starts and follows them. */
public interface FullRebuilds {

  /** True while this instance is the projection writer (only the writer rebuilds). */
  boolean isWriting();

  /**
   * Starts a full rebuild, or follows the one running; {@code progress} hears each report (on the
   * writer's event loop). Completes with the last (DONE), or fails.
   */
  Future<RebuildProgress> rebuild(Consumer<RebuildProgress> progress);

  /**
   * Generation {@code generation} is marked for a rebuild: if this instance writes, it starts it now
   * rather than at its next look at the marker.
   */
  void ask(long generation);

  /**
   * Adds {@code listener} to this instance's running rebuild of {@code generation} (it hears the
   * last report at once, then each, on the writer's loop); completes with false when none runs here.
   */
  Future<Boolean> follow(long generation, Consumer<RebuildProgress> listener);

  /** The last report of this instance's rebuild of {@code generation}, if it ran one. */
  Optional<RebuildProgress> progressOf(long generation);
}

package ledger.client;

import java.time.Duration;

import ledger.v1.BalanceUpdate;
import ledger.v1.StreamBalanceRequest;

/**
 * What a {@link BalanceWatch} tells its owner. Calls come one at a time, never concurrently,
 * in the order things happened, on grpc-java's or the watch's scheduler thread; none after
 * {@link BalanceWatch#close()} returns or after {@link #onError}. They run under the watch's lock,
 * so {@code close()} from another thread waits for the one in progress (from inside one it returns
 * at once): do not block in them on something that waits for {@code close()}. A call that takes
 * long slows the stream's reading, and a stream read too slowly is ended by the server and resumed.
 */
public interface BalanceListener {

  /**
   * The next message of the account's stream: each version once, in order, across every
   * resume. Without {@code from_version}, the first is the current state (empty event type).
   */
  void onUpdate(BalanceUpdate update);

  /**
   * The call ended with a status the watch recovers from ({@link Resumption}); it opens a new
   * one after {@code retryIn}. {@code attempt} counts endings in a row with no message between
   * them, from 1.
   */
  default void onDisconnected(int attempt, Ending ending, Duration retryIn) {
  }

  /**
   * A new call was opened after a disconnect, with {@code request}: {@code from_version} the
   * last version received + 1, or the start first asked for when nothing had been received.
   */
  default void onResumed(int attempt, StreamBalanceRequest request) {
  }

  /**
   * The call ended with a status that asking again would not change; or {@link #onUpdate},
   * {@link #onDisconnected} or {@link #onResumed} threw, or the watch's scheduler refused the
   * wait (shut down): CANCELLED, the exception as its cause. The watch has stopped
   * ({@link BalanceWatch#stopped()}); an update whose {@code onUpdate} threw does not count in
   * {@link BalanceWatch#lastVersion()}. An exception thrown from here is dropped.
   */
  void onError(Ending ending);
}

package ledger.load.runner;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import ledger.load.grpc.Connections.Connection;

/**
 * Drives one {@link OpenLoop} on its connection's event loop: pumps it when a call falls
 * due (a timer) and when a call ends (a worker is free again).
 */
public final class OpenLoopLane {

  private final Vertx vertx;
  private final Connection connection;
  private final Promise<Void> finished = Promise.promise();
  private OpenLoop loop;
  private long timer = -1;
  private long timerDue;
  private boolean pumping;
  private boolean again;

  public OpenLoopLane(Vertx vertx, Connection connection) {
    this.vertx = vertx;
    this.connection = connection;
  }

  /** Runs the loop, whose starter must call {@link #release} on this lane's context when a call ends. */
  public Future<Void> start(OpenLoop loop) {
    this.loop = loop;
    connection.context().runOnContext(v -> pump());
    return finished.future();
  }

  public void release(int worker) {
    loop.release(worker);
    pump();
  }

  private void pump() {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    OpenLoop.State state;
    do {
      again = false;
      state = loop.pump(System.nanoTime());
    } while (again);
    pumping = false;
    if (state == OpenLoop.State.WAITING) {
      wakeAt(loop.nextDue());
    }
    if (loop.finished()) {
      finished.tryComplete();
    }
  }

  private void wakeAt(long dueNanos) {
    if (timer >= 0 && timerDue - dueNanos <= 0) {
      return;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    long delayMillis = Math.max(1, (dueNanos - System.nanoTime() + 999_999) / 1_000_000);
    timerDue = dueNanos;
    timer = vertx.setTimer(delayMillis, id -> {
      timer = -1;
      pump();
    });
  }
}

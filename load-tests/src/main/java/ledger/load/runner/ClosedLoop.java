package ledger.load.runner;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import ledger.load.grpc.Connections;
import ledger.load.grpc.Connections.Connection;

/**
 * ghz's default load: {@code concurrency} workers, spread round-robin over the connections,
 * each sending its next call as soon as its previous one has answered.
 */
final class ClosedLoop {

  private final Connections connections;
  private final int concurrency;
  private final RunLimits limits;
  private final Launcher launcher;
  private final RequestFactory names;

  ClosedLoop(Connections connections, int concurrency, RunLimits limits, Launcher launcher, RequestFactory names) {
    this.connections = connections;
    this.concurrency = concurrency;
    this.limits = limits;
    this.launcher = launcher;
    this.names = names;
  }

  /** Starts every worker; completes when all of them have stopped. */
  Future<Void> start() {
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      Connection connection = connections.get(w % connections.size());
      Promise<Void> stopped = Promise.promise();
      String id = names.workerId(w, connection.index());
      connection.context().runOnContext(v -> next(connection, id, stopped));
      workers.add(stopped.future());
    }
    return Future.all(workers).mapEmpty();
  }

  private void next(Connection connection, String workerId, Promise<Void> stopped) {
    long n = limits.next(System.nanoTime());
    if (n < 0) {
      stopped.tryComplete();
      return;
    }
    launcher.launch(connection, n, workerId, -1, () -> next(connection, workerId, stopped));
  }
}

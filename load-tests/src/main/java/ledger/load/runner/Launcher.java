package ledger.load.runner;

import ledger.load.grpc.Connections.Connection;

/** Starts one call of a run on a connection, and says when it is over (on that connection's context). */
@FunctionalInterface
public interface Launcher {

  /**
   * @param intendedNanos when the schedule wanted the call to start ({@code System.nanoTime()}),
   *                      or -1 in a closed loop, where a call starts when the previous one ends
   */
  void launch(Connection connection, long requestNumber, String workerId, long intendedNanos, Runnable done);
}

package ledger.query;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import ledger.v1.GetBalanceRequest;

/**
 * Starts many token reads that will wait, in batches small enough for the query role's
 * Redis pool (8 connections, 1024 waiting) to make each read's first look at the view
 * without refusing any: a batch goes out once the previous one is registered and looked.
 */
final class WaitingReads {

  private WaitingReads() {
  }

  static List<Future<Reply>> start(QueryClient client, QueryNode node, ProjectionDouble redis,
                                   List<GetBalanceRequest> requests, int batch, Duration deadline) {
    List<Future<Reply>> reads = new ArrayList<>(requests.size());
    int waitingBefore = node.tokenWaiters();
    long viewReadsBefore = redis.viewReads();
    for (int from = 0; from < requests.size(); from += batch) {
      for (GetBalanceRequest request : requests.subList(from, Math.min(from + batch, requests.size()))) {
        reads.add(client.getBalance(request, deadline));
      }
      int started = reads.size();
      Blocking.until(started + " reads waiting", Duration.ofSeconds(10),
          () -> node.tokenWaiters() == waitingBefore + started);
      Blocking.until(started + " views read", Duration.ofSeconds(10),
          () -> redis.viewReads() >= viewReadsBefore + started);
    }
    return reads;
  }
}

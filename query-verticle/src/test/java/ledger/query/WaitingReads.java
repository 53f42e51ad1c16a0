package ledger.query;

import static ledger.testkit.Waits.until;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.vertx.core.Future;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import ledger.testkit.Reply;
import ledger.v1.Balance;
import ledger.v1.GetBalanceRequest;

/**
 * Many token reads that wait at once. They are started in batches small enough for the
 * query role's Redis pool (8 connections, 1024 waiting) to make each read's first look at
 * the view without refusing any: a batch goes out once the previous one is registered and
 * looked.
 */
final class WaitingReads {

  private WaitingReads() {
  }

  static List<Future<Reply<Balance>>> start(QueryClient client, QueryTestbed bed, List<GetBalanceRequest> requests,
                                            int batch, Duration deadline) {
    List<Future<Reply<Balance>>> reads = new ArrayList<>(requests.size());
    QueryNode node = bed.node();
    int waitingBefore = node.tokenWaiters();
    long viewReadsBefore = bed.redis().viewReads();
    for (int from = 0; from < requests.size(); from += batch) {
      for (GetBalanceRequest request : requests.subList(from, Math.min(from + batch, requests.size()))) {
        reads.add(client.getBalance(request, deadline));
      }
      int started = reads.size();
      until(started + " reads waiting", Duration.ofSeconds(10), node::tokenWaiters,
          waiting -> waiting == waitingBefore + started);
      until(started + " views read", Duration.ofSeconds(10), bed.redis()::viewReads,
          viewReads -> viewReads >= viewReadsBefore + started);
    }
    return reads;
  }

  /** Checks every reply as it arrives; {@code answered} completes once all passed, or fails at the first that does not. */
  static void checkEach(List<Future<Reply<Balance>>> reads, VertxTestContext answered,
                        Consumer<Reply<Balance>> check) {
    checkEach(reads, answered, (index, reply) -> check.accept(reply));
  }

  /** {@link #checkEach(List, VertxTestContext, Consumer)} for checks that need the read's index in {@code reads}. */
  static void checkEach(List<Future<Reply<Balance>>> reads, VertxTestContext answered,
                        BiConsumer<Integer, Reply<Balance>> check) {
    Checkpoint each = answered.checkpoint(reads.size());
    for (int i = 0; i < reads.size(); i++) {
      int index = i;
      reads.get(i).onComplete(answered.succeeding(reply -> answered.verify(() -> {
        check.accept(index, reply);
        each.flag();
      })));
    }
  }

  /** Returns once every check of {@link #checkEach} passed; fails the test at the first that did not, or after {@code limit}. */
  static void awaitEach(VertxTestContext answered, Duration limit) throws Throwable {
    if (!answered.awaitCompletion(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("not every read answered within " + limit.toMillis() + " ms");
    }
    if (answered.failed()) {
      throw answered.causeOfFailure();
    }
  }
}

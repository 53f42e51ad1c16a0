package ledger.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import ledger.testkit.Reply;
import ledger.v1.CommandResult;

/** One call per client, all released at the same instant, each on its own thread. */
final class Concurrently {

  private Concurrently() {
  }

  static List<Reply<CommandResult>> call(List<CommandClient> clients, Function<CommandClient, Reply<CommandResult>> call)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(clients.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Reply<CommandResult>>> pending = new ArrayList<>();
      for (CommandClient client : clients) {
        pending.add(threads.submit(() -> {
          start.await();
          return call.apply(client);
        }));
      }
      start.countDown();
      List<Reply<CommandResult>> replies = new ArrayList<>();
      for (Future<Reply<CommandResult>> reply : pending) {
        try {
          replies.add(reply.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      return replies;
    } finally {
      threads.shutdownNow();
    }
  }
}

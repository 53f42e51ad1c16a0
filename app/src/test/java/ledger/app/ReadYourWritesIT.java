package ledger.app;

import static ledger.testkit.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;
import ledger.v1.CommandServiceGrpcClient;
import ledger.v1.OpenAccountRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A read holding a write's token never shows a view older than that write. */
class ReadYourWritesIT {

  private static final int ROUNDS = 500;
  private static final int WRITERS = 5;
  @RegisterExtension
  static final ServerFixture fixture = new ServerFixture();

  @Test
  void five_hundred_writes_each_read_back_with_its_token_are_never_stale() {
    List<Future<List<String>>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      String account = "ryw-" + w;
      await(fixture.vertxClient.unary(CommandServiceGrpcClient.OpenAccount, OpenAccountRequest.newBuilder()
          .setCommandId("open-" + account).setAccountId(account).setCurrency("USD").build()));
      writers.add(OwnWrites.staleReads(fixture.vertxClient, account, ROUNDS / WRITERS));
    }
    List<String> stale = new ArrayList<>();
    writers.forEach(writer -> stale.addAll(await(writer)));

    assertThat(stale).as("reads older than the write whose token they held").isEmpty();
  }
}

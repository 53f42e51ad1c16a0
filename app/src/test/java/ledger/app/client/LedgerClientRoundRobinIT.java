package ledger.app.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ledger.app.ServerFixture;
import ledger.client.LedgerClient;
import ledger.client.RetryPolicy;
import ledger.testkit.Waits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client-side round robin over two real ledger processes: each has its own store, in which the same
 * account id was opened in another currency, so every answer says which process gave it.
 */
class LedgerClientRoundRobinIT {

  @RegisterExtension
  static final ServerFixture east = new ServerFixture();

  @RegisterExtension
  static final ServerFixture west = new ServerFixture();

  @BeforeAll
  static void accounts() {
    try (LedgerClient toEast = LedgerClient.over(east.channel); LedgerClient toWest = LedgerClient.over(west.channel)) {
      toEast.openAccount("where", "EUR");
      toWest.openAccount("where", "CHF");
    }
  }

  @Test
  void calls_alternate_over_the_instances_of_the_list() {
    try (LedgerClient both = LedgerClient.builder()
        .addresses(List.of("127.0.0.1:" + east.grpcPort, "127.0.0.1:" + west.grpcPort))
        .retryPolicy(RetryPolicy.NONE).build()) {
      // round_robin connects to both and picks among the ready ones: once each has answered, calls alternate.
      // Reads from the event store (time travel to version 1), so no projection lag is involved.
      List<String> seen = new ArrayList<>();
      Waits.until("an answer from each instance", Waits.LIMIT, () -> {
        seen.add(both.getBalanceAtVersion("where", 1).currency());
        return seen;
      }, answers -> answers.contains("EUR") && answers.contains("CHF"));

      List<String> answeredBy = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        answeredBy.add(both.getBalanceAtVersion("where", 1).currency());
      }

      assertThat(answeredBy).containsExactlyInAnyOrder("EUR", "EUR", "EUR", "EUR", "EUR", "CHF", "CHF", "CHF", "CHF",
          "CHF");
      for (int i = 1; i < answeredBy.size(); i++) {
        assertThat(answeredBy.get(i)).as("call %d: %s", i, answeredBy).isNotEqualTo(answeredBy.get(i - 1));
      }
    }
  }
}

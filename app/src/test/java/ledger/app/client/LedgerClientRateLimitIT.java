package ledger.app.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import ledger.app.ServerFixture;
import ledger.client.CommandOutcome;
import ledger.client.LedgerClient;
import ledger.client.LedgerException;
import ledger.client.RetryPolicy;
import ledger.v1.HistoryEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RESOURCE_EXHAUSTED RATE_LIMITED with a RetryInfo is retried no sooner than the server asked (and
 * with the same command id), unless the server asks for longer than the policy's longest pause.
 */
class LedgerClientRateLimitIT {

  private static final int RATE = 5;
  private static final int BURST = 2;

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withSecurity(
      config.security().withLimits(config.security().limits().withCommandRate(RATE, BURST))));

  @Test
  void a_rate_limited_command_waits_the_servers_hint_and_passes_once_or_reports_the_hint() {
    String target = "127.0.0.1:" + fixture.grpcPort;
    try (LedgerClient patient = LedgerClient.builder().target(target)
        .retryPolicy(RetryPolicy.of(10, Duration.ofMillis(10), Duration.ofSeconds(1))).build();
         LedgerClient hasty = LedgerClient.builder().target(target)
             .retryPolicy(RetryPolicy.of(10, Duration.ZERO, Duration.ofNanos(1))).build()) {
      patient.openAccount("limited", "EUR");

      // A caller that will not wait as long as the server asks gets the refusal with the hint at once.
      LedgerException refused = null;
      for (int i = 0; i < BURST + 5 && refused == null; i++) {
        try {
          hasty.deposit("limited", 1, "EUR");
        } catch (LedgerException e) {
          refused = e;
        }
      }
      assertThat(refused).as("refused within the burst and five more").isNotNull();
      assertThat(refused.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(refused.reason()).isEqualTo("RATE_LIMITED");
      assertThat(refused.retryDelay()).hasValueSatisfying(delay -> assertThat(delay).isPositive());
      assertThat(refused.attempts()).isEqualTo(1);
      long before = patient.getHistory("limited", 1).size();

      // A patient caller's commands all pass, past the rate, each applied once.
      List<CommandOutcome> outcomes = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        outcomes.add(patient.deposit("limited", 100, "EUR"));
      }

      assertThat(outcomes).anySatisfy(outcome -> assertThat(outcome.attempts()).isGreaterThan(1));
      assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.deduplicated()).isFalse());
      List<HistoryEntry> history = patient.getHistory("limited", 1);
      assertThat(history).hasSize((int) before + 6);
      assertThat(history.subList((int) before, history.size())).extracting(HistoryEntry::getCommandId)
          .containsExactlyElementsOf(outcomes.stream().map(CommandOutcome::commandId).toList());
    }
  }
}

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
 * One command a second, one at a time: a command sent less than a second after the last one passed is
 * refused, however slow the machine, so each loop below ends within a few commands.
 */
class LedgerClientRateLimitIT {

  private static final int RATE = 1;
  private static final int BURST = 1;
  /** Commands tried before a refusal must have come: each needs a second of its own to pass. */
  private static final int TRIES = 10;

  @RegisterExtension
  static final ServerFixture fixture = ServerFixture.adjusted(config -> config.withSecurity(
      config.security().withLimits(config.security().limits().withCommandRate(RATE, BURST))));

  @Test
  void a_rate_limited_command_waits_the_servers_hint_and_passes_once_or_reports_the_hint() {
    String target = "127.0.0.1:" + fixture.grpcPort;
    // Longest pause 2 s: the server's hint is at most a second (one token at one a second, in whole ms).
    RetryPolicy patientPolicy = RetryPolicy.of(10, Duration.ofMillis(10), Duration.ofSeconds(2));
    RetryPolicy hastyPolicy = RetryPolicy.of(10, Duration.ZERO, Duration.ofNanos(1));
    try (LedgerClient patient = LedgerClient.builder().target(target).retryPolicy(patientPolicy).build();
         LedgerClient hasty = LedgerClient.builder().target(target).retryPolicy(hastyPolicy).build()) {
      patient.openAccount("limited", "EUR");

      // A caller that will not wait as long as the server asks gets the refusal with the hint at once.
      LedgerException refused = null;
      for (int i = 0; i < TRIES && refused == null; i++) {
        try {
          hasty.deposit("limited", 1, "EUR");
        } catch (LedgerException e) {
          refused = e;
        }
      }
      assertThat(refused).as("refused within %d commands", TRIES).isNotNull();
      assertThat(refused.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(refused.reason()).isEqualTo("RATE_LIMITED");
      assertThat(refused.retryDelay()).hasValueSatisfying(delay -> assertThat(delay)
          .isGreaterThan(hastyPolicy.maxBackoff()).isLessThanOrEqualTo(Duration.ofSeconds(1)));
      assertThat(refused.attempts()).as("attempts of a refusal whose hint is past the policy's longest pause")
          .isEqualTo(1);
      long before = patient.getHistory("limited", 1).size();

      // A patient caller's commands all pass, past the rate, each applied once; one at least was refused
      // first and passed on its second attempt: had it not waited the server's hint, it would have been
      // refused again (nothing else spends this caller's token meanwhile).
      List<CommandOutcome> outcomes = new ArrayList<>();
      for (int i = 0; i < TRIES && outcomes.stream().allMatch(outcome -> outcome.attempts() == 1); i++) {
        outcomes.add(patient.deposit("limited", 100, "EUR"));
      }
      System.out.printf("LedgerClientRateLimitIT: hint %s; patient attempts %s%n", refused.retryDelay().orElseThrow(),
          outcomes.stream().map(CommandOutcome::attempts).toList());

      assertThat(outcomes).as("a patient command retried within %d", TRIES)
          .anySatisfy(outcome -> assertThat(outcome.attempts()).isGreaterThan(1));
      assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.attempts()).as("attempts").isLessThanOrEqualTo(2));
      assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.deduplicated()).isFalse());
      List<HistoryEntry> history = patient.getHistory("limited", 1);
      assertThat(history).hasSize((int) before + outcomes.size());
      assertThat(history.subList((int) before, history.size())).extracting(HistoryEntry::getCommandId)
          .containsExactlyElementsOf(outcomes.stream().map(CommandOutcome::commandId).toList());
    }
  }
}

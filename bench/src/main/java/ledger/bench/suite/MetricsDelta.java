package ledger.bench.suite;

import java.util.Map;

/** What the service's own meters recorded between two scrapes of /metrics (before and after a run). */
record MetricsDelta(PromHistogram projectionLag, PromHistogram depositServer, PromHistogram balanceServer,
                    PromHistogram transferServer, PromHistogram batchCommands, PromHistogram batchWait, double conflicts, double aborted,
                    double eventsProjected) {

  static final MetricsDelta NONE = new MetricsDelta(PromHistogram.EMPTY, PromHistogram.EMPTY, PromHistogram.EMPTY,
      PromHistogram.EMPTY, PromHistogram.EMPTY, PromHistogram.EMPTY, 0, 0, 0);

  static MetricsDelta between(PromScrape before, PromScrape after) {
    return new MetricsDelta(
        delta(before, after, "ledger_projection_lag_seconds", Map.of()),
        delta(before, after, "ledger_rpc_server_seconds", Map.of("method", "Deposit", "code", "OK")),
        delta(before, after, "ledger_rpc_server_seconds", Map.of("method", "GetBalance", "code", "OK")),
        delta(before, after, "ledger_rpc_server_seconds", Map.of("method", "Transfer", "code", "OK")),
        delta(before, after, "ledger_append_batch_commands", Map.of()),
        delta(before, after, "ledger_append_batch_wait_seconds", Map.of()),
        after.value("ledger_command_conflicts_total") - before.value("ledger_command_conflicts_total"),
        after.value("ledger_command_aborted_total") - before.value("ledger_command_aborted_total"),
        after.value("ledger_projection_events_total") - before.value("ledger_projection_events_total"));
  }

  private static PromHistogram delta(PromScrape before, PromScrape after, String name, Map<String, String> match) {
    return after.histogram(name, match).minus(before.histogram(name, match));
  }
}

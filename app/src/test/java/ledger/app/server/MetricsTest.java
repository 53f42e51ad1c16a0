package ledger.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.grpc.common.GrpcStatus;
import ledger.app.auth.AuthObserver;
import ledger.domain.Reason;
import ledger.grpc.RpcObserver;
import ledger.query.QueryObserver;
import org.junit.jupiter.api.Test;

/** The meters the dashboard and the alert rules need beyond the per-RPC timer (k8s/monitoring). */
class MetricsTest {

  private final Metrics metrics = new Metrics();

  @Test
  void an_error_is_counted_by_method_status_and_reason() {
    RpcObserver observer = metrics.rpcObserver();

    observer.failed("Withdraw", GrpcStatus.FAILED_PRECONDITION, Reason.INSUFFICIENT_FUNDS);
    observer.failed("Withdraw", GrpcStatus.FAILED_PRECONDITION, Reason.INSUFFICIENT_FUNDS);
    observer.failed("Deposit", GrpcStatus.NOT_FOUND, Reason.ACCOUNT_NOT_FOUND);

    assertThat(scrape()).contains(
        "ledger_rpc_server_errors_total{code=\"FAILED_PRECONDITION\",method=\"Withdraw\",reason=\"INSUFFICIENT_FUNDS\"} 2.0",
        "ledger_rpc_server_errors_total{code=\"NOT_FOUND\",method=\"Deposit\",reason=\"ACCOUNT_NOT_FOUND\"} 1.0");
  }

  @Test
  void token_waits_are_timed_by_outcome_each_counted_from_zero() {
    QueryObserver observer = metrics.queryObserver();
    assertThat(scrape()).contains("ledger_query_token_wait_seconds_count{outcome=\"reached\"} 0",
        "ledger_query_token_wait_seconds_count{outcome=\"timed_out\"} 0",
        "ledger_query_token_wait_seconds_count{outcome=\"failed\"} 0");

    observer.tokenWait(QueryObserver.TokenWaitOutcome.TIMED_OUT, 2_000_000_000L);
    observer.tokenWait(QueryObserver.TokenWaitOutcome.REACHED, 1_000_000L);

    assertThat(scrape()).contains("ledger_query_token_wait_seconds_count{outcome=\"timed_out\"} 1",
        "ledger_query_token_wait_seconds_sum{outcome=\"timed_out\"} 2.0",
        "ledger_query_token_wait_seconds_count{outcome=\"reached\"} 1",
        "ledger_query_token_wait_seconds_bucket{outcome=\"reached\",le=");
  }

  @Test
  void limit_refusals_and_auth_outcomes_exist_before_the_first_one() {
    metrics.authObserver();
    String scrape = scrape();

    for (Reason reason : Metrics.LIMIT_REASONS) {
      assertThat(scrape).contains("ledger_limit_refusals_total{reason=\"" + reason.name() + "\"} 0.0");
    }
    for (AuthObserver.Outcome outcome : AuthObserver.Outcome.values()) {
      assertThat(scrape).contains("ledger_auth_verifications_total{outcome=\"" + outcome.label() + "\"} 0.0");
    }
  }

  @Test
  void a_limit_refusal_and_an_auth_outcome_count_once_each() {
    metrics.limitObserver().refused(Reason.RATE_LIMITED);
    metrics.authObserver().checked(AuthObserver.Outcome.REFUSED);

    assertThat(scrape()).contains("ledger_limit_refusals_total{reason=\"RATE_LIMITED\"} 1.0",
        "ledger_auth_verifications_total{outcome=\"refused\"} 1.0");
  }

  @Test
  void open_files_are_measured() {
    assertThat(scrape()).contains("process_files_open_files ", "process_files_max_files ");
  }

  private String scrape() {
    return metrics.registry().scrape();
  }
}

package ledger.query;

import java.time.Duration;
import java.util.Map;

import ledger.domain.AccountId;
import ledger.domain.LedgerException;
import ledger.domain.Reason;
import ledger.domain.Rejection;

/** The refusal that ends a balance stream whose client fell too far behind (README, "Streaming balance updates"). */
final class StreamTooSlow {

  /** How long the client is told to wait before it resumes (RetryInfo). */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private StreamTooSlow() {
  }

  /**
   * {@code resumeFrom} is the version after the last change the server wrote to the stream; the
   * client resumes from the last version it received + 1, which may be lower.
   */
  static LedgerException of(AccountId account, long resumeFrom, String why) {
    return new LedgerException(new Rejection(Reason.STREAM_TOO_SLOW, "the stream of account " + account
        + " was ended because " + why + "; resume it with from_version = the last version received + 1",
        Map.of("resume_from_version", Long.toString(resumeFrom), "account_id", account.value(),
            "retry_after_ms", Long.toString(RETRY_AFTER.toMillis()))), RETRY_AFTER);
  }
}

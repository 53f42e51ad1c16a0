package ledger.app;

import static ledger.testkit.Waits.until;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bank test does to its PostgreSQL behind the ledger's back, in plain SQL: poison
 * an account with an event this release cannot read, make it readable again (as deploying the
 * release that reads it would), and cut the projection's LISTEN connections.
 */
record BankSql(OwnPostgres postgres) {

  private static final Pattern LEDGER_PID = Pattern.compile("pid (\\d+)");
  private static final String LISTENING =
      "FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'";

  /** A deposit as a newer release would write it: schema version 99, at the stream's next version. */
  void poison(String account, long amountMinor) {
    until("the poison event inserted", Duration.ofSeconds(30), () -> {
      try {
        postgres.sql("INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version,"
            + " payload, metadata) SELECT stream_id, stream_version + 1, 'MoneyDeposited', 99,"
            + " jsonb_build_object('amount_minor', " + amountMinor + ", 'currency', 'USD', 'reference', 'poison',"
            + " 'balance_after_minor', (payload->>'balance_after_minor')::bigint + " + amountMinor + "),"
            + " '{\"command_id\": \"poison-" + account + "\"}' FROM ledger.events WHERE stream_id = '" + account + "'"
            + " ORDER BY stream_version DESC LIMIT 1");
        return true;
      } catch (IllegalStateException conflict) {
        return false;   // a transfer took that version first: try the next one
      }
    }, inserted -> inserted);
  }

  /** As if the release that reads schema 99 were deployed: the row reads as this release's deposit. */
  void makeReadable(String account) {
    postgres.sql("BEGIN; ALTER TABLE ledger.events DISABLE TRIGGER events_append_only;"
        + " UPDATE ledger.events SET schema_version = 1 WHERE stream_id = '" + account + "' AND schema_version = 99;"
        + " ALTER TABLE ledger.events ENABLE TRIGGER events_append_only; COMMIT");
  }

  /** pg_terminate_backend of every LISTEN connection; returns how many there were. */
  int terminateListeners() {
    return Integer.parseInt(postgres.sql("SELECT count(pg_terminate_backend(pid)) " + LISTENING));
  }

  /** The OS pid of the ledger process whose session holds advisory lock {@code key}; -1 when none does. */
  long lockHolderPid(long key) {
    String holder = postgres.sql("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
        + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        + " AND l.classid = (" + key + "::bigint >> 32)::oid AND l.objid = (" + key + "::bigint & 4294967295)::oid");
    Matcher pid = holder == null ? null : LEDGER_PID.matcher(holder);
    return pid != null && pid.find() ? Long.parseLong(pid.group(1)) : -1;
  }

  int listeners() {
    return Integer.parseInt(postgres.sql("SELECT count(*) " + LISTENING));
  }
}

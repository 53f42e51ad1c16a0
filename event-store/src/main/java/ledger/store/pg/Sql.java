package ledger.store.pg;

/** Every SQL statement the event store runs, named. All are prepared except the schema DDL. */
final class Sql {

  private Sql() {
  }

  static final String MIGRATION_LOCK = "SELECT pg_advisory_lock(" + AdvisoryLocks.MIGRATION + ")";
  static final String MIGRATION_UNLOCK = "SELECT pg_advisory_unlock(" + AdvisoryLocks.MIGRATION + ")";

  static final String TRY_LOCK = "SELECT pg_try_advisory_lock($1) AS held";

  static final String TRY_LOCK_SHARED = "SELECT pg_try_advisory_lock_shared($1) AS held";

  static final String SESSION_CHECK = "SELECT 1";

  /**
   * Ends this session once its client is silent: idle for $1 ms (idle_session_timeout), data
   * unacknowledged for $1 ms (tcp_user_timeout), or no TCP keepalive answered: the first probe
   * after $2 s of silence, then one a second, $3 of them.
   */
  static final String END_WHEN_SILENT = "SELECT CASE WHEN current_setting('server_version_num')::int >= 140000"
      // idle_session_timeout is PostgreSQL 14's; on 13 the TCP settings alone end a silent session
      + " THEN set_config('idle_session_timeout', $1, false) END,"
      + " set_config('tcp_user_timeout', $1, false), set_config('tcp_keepalives_idle', $2, false),"
      + " set_config('tcp_keepalives_interval', '1', false), set_config('tcp_keepalives_count', $3, false)";

  static final String CREATE_MIGRATIONS_TABLE = """
      SET client_min_messages = warning;
      CREATE SCHEMA IF NOT EXISTS ledger;
      CREATE TABLE IF NOT EXISTS ledger.schema_migrations (
        version     integer     NOT NULL,
        file        text        NOT NULL,
        checksum    text        NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
      );
      RESET client_min_messages""";

  static final String MIGRATIONS_TABLE_PRESENT =
      "SELECT to_regclass('ledger.schema_migrations') IS NOT NULL AS present";

  static final String APPLIED_MIGRATIONS = "SELECT version, checksum FROM ledger.schema_migrations";

  static final String RECORD_MIGRATION =
      "INSERT INTO ledger.schema_migrations (version, file, checksum) VALUES ($1, $2, $3)";

  /**
   * Appends the events and idempotency records of one or more commands as one statement,
   * hence one atomic transaction, one round trip and one commit (group commit). Rows go
   * in in (stream_id, stream_version) order, so appends touching the same streams lock
   * their keys in the same order and wait for each other instead of deadlocking. A
   * duplicate (stream_id, stream_version) fails on events_pkey (a concurrent writer won),
   * a duplicate command_id on commands_pkey. Returns one row per command: its index in the
   * batch and the position of its last event. The caller's subject ($13, null when anonymous)
   * is recorded with the command; the events carry it in their metadata, built by the caller.
   */
  static final String APPEND = """
      WITH input AS (
        SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::integer[])
          AS t(stream_id, stream_version, event_type, schema_version, payload, metadata, command)
      ), appended AS (
        INSERT INTO ledger.events (stream_id, stream_version, event_type, schema_version, payload, metadata)
        SELECT stream_id, stream_version, event_type, schema_version, payload::jsonb, metadata::jsonb
        FROM input ORDER BY stream_id, stream_version
        RETURNING global_position, stream_id, stream_version, transaction_id, recorded_at
      ), positions AS (
        SELECT input.command, max(appended.global_position) AS global_position
        FROM appended JOIN input USING (stream_id, stream_version)
        GROUP BY input.command
      ), recorded AS (
        INSERT INTO ledger.commands (command_id, fingerprint, command_type, global_position, versions, subject)
        SELECT c.command_id, c.fingerprint, c.command_type, positions.global_position, c.versions::jsonb, c.subject
        FROM unnest($8::text[], $9::bytea[], $10::text[], $11::text[], $12::integer[], $13::text[])
          AS c(command_id, fingerprint, command_type, versions, command, subject)
        JOIN positions USING (command)
      )
      SELECT positions.command, positions.global_position,
             (SELECT min(transaction_id::text)::bigint FROM appended) AS transaction_id,
             (SELECT min(recorded_at) FROM appended) AS recorded_at
      FROM positions""";

  /** The record of a command that was accepted but changed nothing, so that its repeats change nothing either. */
  static final String RECORD_COMMAND = """
      INSERT INTO ledger.commands (command_id, fingerprint, command_type, global_position, versions, subject)
      VALUES ($1, $2, $3, 0, $4::text::jsonb, $5)""";

  static final String FIND_COMMAND = """
      SELECT command_id, fingerprint, command_type, global_position, transaction_id::text::bigint AS transaction_id,
             versions::text AS versions, recorded_at, subject
      FROM ledger.commands WHERE command_id = $1""";

  private static final String EVENT_COLUMNS = """
      global_position, transaction_id::text::bigint AS transaction_id, stream_id, stream_version,
      event_type, schema_version, payload::text AS payload, metadata::text AS metadata, recorded_at""";

  /** The tail feeds projections, which need no metadata: leaving it out saves a JSON parse per event. */
  private static final String TAIL_COLUMNS = """
      global_position, transaction_id::text::bigint AS transaction_id, stream_id, stream_version,
      event_type, schema_version, payload::text AS payload, NULL::text AS metadata, recorded_at""";

  /**
   * The tail of a traced projection: of the metadata only the traceparent, extracted by PostgreSQL,
   * so the apply of each event joins its command's trace at the cost of a small JSON object per row.
   */
  private static final String TRACED_TAIL_COLUMNS = TAIL_COLUMNS.replace("NULL::text AS metadata",
      "CASE WHEN metadata ? 'traceparent' THEN jsonb_build_object('traceparent', metadata->'traceparent')::text"
          + " END AS metadata");

  static final String READ_STREAM = "SELECT " + EVENT_COLUMNS + """
       FROM ledger.events
      WHERE stream_id = $1 AND stream_version >= $2
      ORDER BY stream_version
      LIMIT $3""";

  /**
   * The tail: events after the checkpoint in commit-safe order, and only those written
   * by transactions older than every transaction still running. A transaction that
   * took a lower position but has not committed yet holds the reader back instead of
   * being skipped forever.
   */
  static final String READ_AFTER = "SELECT " + TAIL_COLUMNS + """
       FROM ledger.events
      WHERE (transaction_id, global_position) > ($1::text::xid8, $2)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY events.transaction_id, events.global_position
      LIMIT $3""";

  /**
   * The tail with each event's commit time as well, where PostgreSQL tracks commit times
   * ({@code track_commit_timestamp = on}): projection lag then counts from the commit, not
   * from the start of the writing transaction.
   */
  static final String READ_AFTER_WITH_COMMIT_TIME = READ_AFTER.replace(" FROM ledger.events",
      ", pg_xact_commit_timestamp(xmin) AS committed_at\n FROM ledger.events");

  /** The tail with each event's traceparent (docs/operations.md, "Tracing"). */
  static final String READ_AFTER_TRACED = READ_AFTER.replace(TAIL_COLUMNS, TRACED_TAIL_COLUMNS);

  static final String READ_AFTER_TRACED_WITH_COMMIT_TIME = READ_AFTER_WITH_COMMIT_TIME.replace(TAIL_COLUMNS,
      TRACED_TAIL_COLUMNS);

  /**
   * The ids of the streams after {@code $1}, in order, at most {@code $2}: one index probe per
   * stream (a loose index scan over the primary key), not a scan of every event.
   */
  static final String STREAM_IDS = """
      WITH RECURSIVE streams(stream_id) AS (
        (SELECT stream_id FROM ledger.events WHERE stream_id > $1 ORDER BY stream_id LIMIT 1)
        UNION ALL
        SELECT (SELECT e.stream_id FROM ledger.events e WHERE e.stream_id > s.stream_id ORDER BY e.stream_id LIMIT 1)
          FROM streams s WHERE s.stream_id IS NOT NULL)
      SELECT stream_id FROM streams WHERE stream_id IS NOT NULL LIMIT $2""";

  static final String TRACKS_COMMIT_TIMES = "SELECT current_setting('track_commit_timestamp') = 'on' AS tracked";

  /** The newest position that has been written, committed or not: the head the lag is measured against. */
  static final String HEAD = """
      SELECT coalesce(max(global_position), 0) AS head FROM ledger.events""";

  /**
   * The oldest transaction in the cluster that has a transaction id: it is
   * {@code pg_snapshot_xmin}, below which the tail reads, so every event committed after it
   * began waits for it. Prepared transactions count too. A role without
   * {@code pg_read_all_stats} sees only its own sessions' transaction ids.
   */
  static final String OLDEST_TRANSACTION = """
      SELECT pid, database, role, application, state, since, prepared_gid FROM (
        SELECT pid, datname AS database, usename AS role, application_name AS application, state,
               xact_start AS since, NULL AS prepared_gid, age(backend_xid) AS xid_age
          FROM pg_stat_activity WHERE backend_xid IS NOT NULL
        UNION ALL
        SELECT NULL, database, owner, NULL, 'prepared', prepared, gid, age(transaction)
          FROM pg_prepared_xacts) running
      ORDER BY xid_age DESC LIMIT 1""";

  /**
   * What the projection has not applied after checkpoint ($1 transaction, $2 position): the
   * committed events, counted up to $3 from the commit-order index alone, how many of them wait
   * behind the oldest transaction, and when the first of them was recorded (one row read).
   */
  static final String BACKLOG = """
      SELECT count(*) AS events,
             count(*) FILTER (WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS held,
             (SELECT recorded_at FROM ledger.events
               WHERE (transaction_id, global_position) > ($1::text::xid8, $2)
               ORDER BY transaction_id, global_position LIMIT 1) AS oldest
        FROM (SELECT transaction_id FROM ledger.events
               WHERE (transaction_id, global_position) > ($1::text::xid8, $2)
               ORDER BY transaction_id, global_position LIMIT $3) pending""";

  /** The session holding lock $1 (a session advisory lock on a bigint key) in this database, if any. */
  static final String ADVISORY_LOCK_SESSIONS = """
      SELECT count(*) AS sessions
        FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND l.classid = ($1::bigint >> 32)::oid AND l.objid = ($1::bigint & 4294967295)::oid""";

  static final String ADVISORY_LOCK_HOLDER = """
      SELECT a.pid, a.application_name, host(a.client_addr) AS client, a.backend_start
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND l.classid = ($1::bigint >> 32)::oid AND l.objid = ($1::bigint & 4294967295)::oid""";

  /**
   * Which database this is: the cluster's system_identifier (pg_control_system() is open to
   * every role) and the ledger id made by migration V5.
   */
  static final String ORIGIN = """
      SELECT (SELECT system_identifier::text FROM pg_control_system()) AS system_identifier,
             (SELECT ledger_id::text FROM ledger.ledger_identity) AS ledger_id""";

  /** The next transaction id the cluster will hand out: every committed event's is below it. */
  static final String NEXT_TRANSACTION_ID = """
      SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next_transaction_id""";

  /** Whether the event at commit-order point ($1 transaction, $2 position) is in the store. */
  static final String HOLDS_EVENT = """
      SELECT EXISTS (SELECT 1 FROM ledger.events
                      WHERE transaction_id = $1::text::xid8 AND global_position = $2) AS held""";

  static final String NOTIFY = "SELECT pg_notify($1, '')";

  static final String SAVE_SNAPSHOT = """
      INSERT INTO ledger.snapshots (stream_id, stream_version, schema_version, state)
      VALUES ($1, $2, $3, $4::text::jsonb)
      ON CONFLICT ON CONSTRAINT snapshots_pkey DO NOTHING""";

  /** Snapshots of an unknown shape are never read: the state is rebuilt from events instead. */
  static final String LATEST_SNAPSHOT = """
      SELECT stream_version, state::text AS state FROM ledger.snapshots
      WHERE stream_id = $1 AND stream_version <= $2 AND schema_version = $3
      ORDER BY stream_version DESC LIMIT 1""";

  /** The version an account had at a point in time: its last event recorded at or before it. */
  static final String VERSION_AT = """
      SELECT coalesce(max(stream_version), 0) AS version FROM ledger.events
      WHERE stream_id = $1 AND recorded_at <= $2""";
}

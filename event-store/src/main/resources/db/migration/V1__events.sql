-- The event store: one row per event, the only source of truth.
CREATE TABLE ledger.events (
  -- Monotonic and unique, handed out by a sequence before commit; commit order
  -- can differ, which is why readers order by (transaction_id, global_position).
  global_position bigint      GENERATED ALWAYS AS IDENTITY,
  -- The account id.
  stream_id       text        NOT NULL,
  -- 1, 2, 3, ... per stream with no gaps.
  stream_version  bigint      NOT NULL,
  -- The event's name, e.g. MoneyDeposited.
  event_type      text        NOT NULL,
  -- The shape of payload; older shapes are upcast when read.
  schema_version  integer     NOT NULL,
  -- The event's facts, snake_case JSON an auditor can query with plain SQL.
  payload         jsonb       NOT NULL,
  -- command_id, correlation_id.
  metadata        jsonb       NOT NULL,
  -- Transaction start time: every event of one command has the same.
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  -- The writing transaction: the tail reads only below pg_snapshot_xmin so that
  -- no transaction still in flight can commit behind its checkpoint.
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  -- The optimistic-concurrency guard: two writers of one version collide here.
  CONSTRAINT events_pkey PRIMARY KEY (stream_id, stream_version),
  CONSTRAINT events_global_position_key UNIQUE (global_position),
  CONSTRAINT events_stream_version_positive CHECK (stream_version > 0),
  CONSTRAINT events_stream_id_valid CHECK (stream_id ~ '^[A-Za-z0-9._:-]{1,64}$')
);

-- The tail's order: commit-safe (transaction id) then position.
CREATE INDEX events_commit_order_idx ON ledger.events (transaction_id, global_position);
-- Time travel by timestamp within a stream.
CREATE INDEX events_stream_recorded_at_idx ON ledger.events (stream_id, recorded_at);

COMMENT ON TABLE ledger.events IS 'Immutable account events; see docs/storage.md';

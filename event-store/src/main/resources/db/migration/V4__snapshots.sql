-- Account states every N events, so loading a long stream reads the newest snapshot and
-- the events after it. Derived data: any row may be deleted; a snapshot whose
-- schema_version the code does not know is ignored and the state rebuilt from events.
CREATE TABLE ledger.snapshots (
  stream_id      text        NOT NULL,
  -- The state after this many events.
  stream_version bigint      NOT NULL,
  -- The shape of state.
  schema_version integer     NOT NULL,
  -- status, currency, balance_minor, overdraft_limit_minor.
  state          jsonb       NOT NULL,
  taken_at       timestamptz NOT NULL DEFAULT now(),
  -- A snapshot of an unknown shape never blocks one of the current shape at the same version.
  CONSTRAINT snapshots_pkey PRIMARY KEY (stream_id, stream_version, schema_version),
  CONSTRAINT snapshots_stream_version_positive CHECK (stream_version > 0)
);

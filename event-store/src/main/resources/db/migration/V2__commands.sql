-- One row per executed command, written in the same statement as its events:
-- a repeated command_id finds it and returns the first result.
CREATE TABLE ledger.commands (
  command_id      text        NOT NULL,
  -- SHA-256 of the request (rpc name and fields): same id, different request is refused.
  fingerprint     bytea       NOT NULL,
  command_type    text        NOT NULL,
  -- Position of the last event the command appended.
  global_position bigint      NOT NULL,
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  -- {"account id": stream version after the command, ...}
  versions        jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT commands_pkey PRIMARY KEY (command_id),
  CONSTRAINT commands_fingerprint_sha256 CHECK (octet_length(fingerprint) = 32)
);

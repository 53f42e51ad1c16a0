-- Which ledger this database holds: one row, made by the migration that creates the table.
-- The projection stores it in Redis beside its checkpoint (with the cluster's
-- system_identifier), so that views built from another database (recreated, replaced,
-- restored elsewhere) are never taken for this one's: see docs/storage.md.
CREATE TABLE ledger.ledger_identity (
  -- Always true: the table holds exactly one row.
  singleton  boolean     NOT NULL DEFAULT true,
  -- Random, made here in SQL once; a dump restored into another database keeps it.
  ledger_id  uuid        NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_identity_pkey PRIMARY KEY (singleton),
  CONSTRAINT ledger_identity_one_row CHECK (singleton)
);

INSERT INTO ledger.ledger_identity DEFAULT VALUES;

COMMENT ON TABLE ledger.ledger_identity IS 'The id of this ledger, one row; see docs/storage.md';

-- Who asked for each command: the caller's authenticated subject (a JWT's sub, or a client
-- certificate's subject), at most 256 characters, checked before it gets here. NULL for an
-- anonymous caller and for every command recorded before this migration. A repeat of a
-- command id by another subject is refused, so it never learns the first one's result
-- (docs/security.md, "Who did it"). A nullable column without a default: adding it rewrites
-- nothing and takes no time, whatever the table's size.
ALTER TABLE ledger.commands ADD COLUMN subject text;

COMMENT ON COLUMN ledger.commands.subject IS 'The authenticated subject that asked for the command; NULL when anonymous';
COMMENT ON COLUMN ledger.events.metadata IS
  'command_id, correlation_id, and subject (the authenticated caller; absent when anonymous or written before V6)';

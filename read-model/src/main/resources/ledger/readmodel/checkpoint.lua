-- Moves the checkpoint only from the value this writer last stored, and only if it belongs
-- to this writer's database; announces the batch only together with that move.
-- KEYS[1]  the checkpoint key
-- KEYS[2]  the origin key: system_identifier/ledger_id of the database the checkpoint is from
-- ARGV[1]  the value this writer last stored ('' for none)
-- ARGV[2]  the new checkpoint (ARGV[1] again to confirm the stored one without moving it)
-- ARGV[3]  the feed channel
-- ARGV[4]  the batch's announcement (FeedMessage JSON, carrying ARGV[2]; '' for none)
-- ARGV[5]  the origin of this writer's database
-- Returns {checkpoint found ('' for none), origin found ('' for none)}.
-- An origin other than ARGV[5] means the views were built from another database: nothing
-- is written, whatever the checkpoint; transaction ids of two databases do not compare.
-- A checkpoint other than ARGV[1] means Redis lost data (flushed, restarted from an
-- older snapshot) or another writer ran: the projection then resumes from the older of
-- the two points; replays are idempotent. Nothing is published then, because readers take
-- an announced checkpoint as a promise that every view covers it, and after a loss the
-- views do not until the replay gets there.
-- A checkpoint without an origin (written before origins existed) is adopted: the move
-- records ARGV[5] beside it.
local origin = redis.call('GET', KEYS[2])
local stored = redis.call('GET', KEYS[1]) or ''
if origin and origin ~= ARGV[5] then
  return {stored, origin}
end
if stored == ARGV[1] and ARGV[2] ~= '' then
  if ARGV[2] ~= stored then
    redis.call('SET', KEYS[1], ARGV[2])
  end
  if not origin then
    redis.call('SET', KEYS[2], ARGV[5])
  end
  if ARGV[4] ~= '' then
    redis.call('PUBLISH', ARGV[3], ARGV[4])
  end
end
return {stored, origin or ''}

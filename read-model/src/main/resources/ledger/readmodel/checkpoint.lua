-- Moves the checkpoint only from the value this writer last stored, and announces the
-- batch only together with that move.
-- KEYS[1]  the checkpoint key
-- ARGV[1]  the value this writer last stored ('' for none)
-- ARGV[2]  the new checkpoint
-- ARGV[3]  the feed channel
-- ARGV[4]  the batch's announcement (FeedMessage JSON, carrying ARGV[2])
-- Returns the value found. Anything but ARGV[1] means Redis lost data (flushed,
-- restarted from an older snapshot) or another writer ran: the projection then
-- resumes from the older of the two points; replays are idempotent. Nothing is
-- published then, because readers take an announced checkpoint as a promise that
-- every view covers it, and after a loss the views do not until the replay gets there.
local stored = redis.call('GET', KEYS[1]) or ''
if stored == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('PUBLISH', ARGV[3], ARGV[4])
end
return stored

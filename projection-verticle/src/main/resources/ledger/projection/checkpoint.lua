-- Moves the checkpoint only from the value this writer last stored.
-- KEYS[1]  the checkpoint key
-- ARGV[1]  the value this writer last stored ('' for none)
-- ARGV[2]  the new checkpoint
-- Returns the value found. Anything but ARGV[1] means Redis lost data (flushed,
-- restarted from an older snapshot) or another writer ran: the projection then
-- resumes from the older of the two points; replays are idempotent.
local stored = redis.call('GET', KEYS[1]) or ''
if stored == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
end
return stored

-- Marks an account's view degraded: an event of it cannot be read, so neither it nor any later
-- event of the account may be applied (a balance without it would be wrong). Reads of the
-- account answer VIEW_DEGRADED until a rebuild with code that reads the event clears it.
-- KEYS[1]   the account's view hash
-- ARGV[1]   the stream version of the unreadable event
-- ARGV[2]   the last version of the account held back in this batch (at least ARGV[1])
-- ARGV[3]   why it cannot be read, for the operator
-- Returns 1 when the view is (now) degraded, 0 when the view is already past that version
-- (rebuilt by code that reads it; this is a replay by older code).
if tonumber(redis.call('HGET', KEYS[1], 'version') or '0') >= tonumber(ARGV[1]) then
  return 0
end
if redis.call('HEXISTS', KEYS[1], 'degraded') == 0 then
  redis.call('HSET', KEYS[1], 'degraded', 'version ' .. ARGV[1] .. ': ' .. ARGV[3])
end
if tonumber(ARGV[2]) > tonumber(redis.call('HGET', KEYS[1], 'held_through') or '0') then
  redis.call('HSET', KEYS[1], 'held_through', ARGV[2])
end
return 1

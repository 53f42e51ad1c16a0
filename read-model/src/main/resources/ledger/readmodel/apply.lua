-- Applies one account's events from one batch to its view, at most once.
-- KEYS[1]   the account's view hash
-- ARGV[1]   the stream version of the first event in this call
-- ARGV[2]   the stream version of the last event in this call
-- ARGV[3..] field, value pairs: the fields these events determine, as of the last one
-- Returns {status, version, balance, currency, status, overdraft, gpos, updated_us}, the
-- view's fields in that fixed order (nil where absent):
--    1 and the view as it was before: applied the events after its version. The view may
--      already reflect the first of them (written by a run that died, or lost its lock,
--      before its checkpoint); the fields as of the last event are right over it all the
--      same, and the caller announces only the events after the version returned;
--    0 and the view as it is: already applied (a replay, or a restart after a crash);
--   -1 and the view as it is: the view lacks versions before ARGV[1] (evicted or
--      flushed), nothing written; the projection rebuilds the account from the store;
--   -2 and the view as it is: the view is degraded (an earlier event of the account could
--      not be read), nothing applied; 'held_through' remembers the last version held back,
--      so a rebuild knows how far it must reach.
local before = redis.call('HMGET', KEYS[1], 'version', 'balance', 'currency', 'status', 'overdraft', 'gpos',
  'updated_us')
if redis.call('HEXISTS', KEYS[1], 'degraded') == 1 then
  local held = tonumber(redis.call('HGET', KEYS[1], 'held_through') or '0')
  if tonumber(ARGV[2]) > held then
    redis.call('HSET', KEYS[1], 'held_through', ARGV[2])
  end
  return {-2, unpack(before)}
end
local current = tonumber(before[1] or '0')
if current >= tonumber(ARGV[2]) then
  return {0, unpack(before)}
end
if current < tonumber(ARGV[1]) - 1 then
  return {-1, unpack(before)}
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
return {1, unpack(before)}

-- Replaces one account's view with one rebuilt from its whole stream, and clears a degraded
-- mark, unless the projection moved the account past what the rebuild read meanwhile.
-- KEYS[1]   the account's view hash
-- ARGV[1]   the stream version the rebuilt view is as of
-- ARGV[2..] field, value pairs: the whole view as of that version
-- Returns 1 when written; 0 when the view is past that version or later events of the account
-- were held back since the rebuild read its stream (read again and retry), so no event the
-- projection has passed is ever left out.
local version = tonumber(ARGV[1])
if tonumber(redis.call('HGET', KEYS[1], 'version') or '0') > version
    or tonumber(redis.call('HGET', KEYS[1], 'held_through') or '0') > version then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1

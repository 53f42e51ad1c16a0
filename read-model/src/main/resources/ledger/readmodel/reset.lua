-- A step of forgetting views built from another database (docs/storage.md): forgets the
-- checkpoint and, on the last step, records the new origin; only while the origin is still
-- the one the caller found, so two writers can never interleave their steps unnoticed.
-- KEYS[1]  the checkpoint key
-- KEYS[2]  the origin key
-- ARGV[1]  the origin the caller found ('' for none)
-- ARGV[2]  the origin to record ('' to keep the one found)
-- ARGV[3]  the feed channel
-- ARGV[4]  the announcement that the views were forgotten, published with the new origin:
--          a query process drops the views it holds in memory, which are the old database's
-- Returns 1 when done, 0 when the origin had changed meanwhile (nothing written).
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
if ARGV[2] ~= '' then
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('PUBLISH', ARGV[3], ARGV[4])
end
return 1

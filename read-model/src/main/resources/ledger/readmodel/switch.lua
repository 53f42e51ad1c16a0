-- Makes a rebuilt generation the live one (docs/storage.md, "Rebuilding every view"): in one
-- atomic step the live generation changes, the rebuild's marker goes, the old generation is
-- recorded as retired (its keys are removed next, by this writer or, if it dies first, by the
-- next one at its start), and the switch is announced, so a reader that hears any later batch
-- has heard the switch before it.
-- KEYS[1]  the live generation's key (absent means 0)
-- KEYS[2]  the rebuild's marker (the generation being built)
-- KEYS[3]  the set of retired generations whose keys are still to be removed
-- ARGV[1]  the live generation the caller built beside
-- ARGV[2]  the new live generation
-- ARGV[3]  the feed channel
-- ARGV[4]  the announcement (FeedMessage of the switch)
-- Returns 1 when switched (or already switched to ARGV[2]: a retry whose first reply was lost),
-- 0 when the live generation was neither (nothing written).
local live = tonumber(redis.call('GET', KEYS[1]) or '0')
if live == tonumber(ARGV[2]) then
  return 1
end
if live ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1

-- Puts a rebuilt billing-cycle count into a window hash, unless another caller already did.
-- KEYS[1] the cycle window's hash; ARGV[1] cycle start, ARGV[2] cycle end (epoch seconds),
-- ARGV[3] the count rebuilt from PostgreSQL. Returns 1 when it wrote, 0 when the window was
-- there, or the cycle has already ended by Redis time (a caller whose clock is behind must not
-- put back a cycle that other instances have left).
local held = redis.call('HGET', KEYS[1], 'w')
if held and tonumber(held) == tonumber(ARGV[1]) then
  return 0
end
if tonumber(ARGV[2]) <= tonumber(redis.call('TIME')[1]) then
  return 0
end
redis.call('HSET', KEYS[1], 'w', ARGV[1], 'c', ARGV[3])
redis.call('EXPIREAT', KEYS[1], ARGV[2])
return 1

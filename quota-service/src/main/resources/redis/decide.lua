-- One rate-limit decision over several windows, all or nothing (spec/quota-service.md §3).
--
-- KEYS[i]   one hash per window: w = the window's start (epoch seconds), c = units counted in it.
--           All keys of one decision carry the project as hash tag, so they share a slot.
-- ARGV[1]   cost: units this request takes (0 = only read the windows)
-- ARGV[2]   enforce: 1 refuses a request that does not fit every window, 0 counts it anyway (staging)
-- ARGV[3..] four values per window: limit (0 = unlimited, counted only),
--           length in seconds (> 0: a fixed window aligned to the clock, computed here from TIME),
--           start and end in epoch seconds (used when length is 0: the billing cycle; such a
--           window must already hold that start, else nothing is counted and the caller is asked
--           to rebuild it from PostgreSQL first)
--
-- Returns {1 allowed | 0 denied, now seconds, now microseconds, used_1, resetAt_1, used_2, ...}
--      or {-1, now seconds, now microseconds, i} when window i must be rebuilt first.
-- A key expires when its window ends, so nothing is ever left without expiry.
local time = redis.call('TIME')
local now = tonumber(time[1])
local cost = tonumber(ARGV[1])
local enforce = ARGV[2] == '1'
local n = #KEYS
local starts, ends, used = {}, {}, {}
local fits = true
for i = 1, n do
  local a = 3 + (i - 1) * 4
  local limit = tonumber(ARGV[a])
  local length = tonumber(ARGV[a + 1])
  local s, e
  if length > 0 then
    s = now - (now % length)
    e = s + length
  else
    s = tonumber(ARGV[a + 2])
    e = tonumber(ARGV[a + 3])
  end
  local held = redis.call('HMGET', KEYS[i], 'w', 'c')
  local c = 0
  if held[1] and tonumber(held[1]) == s then
    c = tonumber(held[2]) or 0
  elseif length == 0 then
    return {-1, now, tonumber(time[2]), i}
  end
  starts[i], ends[i], used[i] = s, e, c
  if limit > 0 and c + cost > limit then
    fits = false
  end
end
local allowed = fits or not enforce
if allowed and cost > 0 then
  for i = 1, n do
    used[i] = used[i] + cost
    redis.call('HSET', KEYS[i], 'w', starts[i], 'c', used[i])
    redis.call('EXPIREAT', KEYS[i], ends[i])
  end
end
local out = {allowed and 1 or 0, now, tonumber(time[2])}
for i = 1, n do
  out[#out + 1] = used[i]
  out[#out + 1] = ends[i]
end
return out

-- Paces one project's webhook deliveries: at most ARGV[1] per window of ARGV[2] ms, windows
-- aligned to the clock (Redis TIME, shared by every instance).
--
-- KEYS[1]  the project's pacing hash: m = the latest window with places taken, c = places taken in it
-- ARGV[1]  limit: deliveries per window (> 0)
-- ARGV[2]  the window's length in ms
-- ARGV[3]  spread: the part of a later window over which its places are spread, in ms
-- ARGV[4]  the window in which the call already holds a place, or -1
--
-- Returns {wait, window}: wait 0 means deliver now, in a place of the current window; wait > 0
-- means the call holds a place in window `window` and comes back after `wait` ms. A held place in
-- a window that has passed is lost and a new one is taken; a place is never in a past window.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local length = tonumber(ARGV[2])
local spread = tonumber(ARGV[3])
local held = tonumber(ARGV[4])
local current = math.floor(now / length)

if held == current then
  return {0, current}
end
if held > current then
  return {held * length - now, held}
end

local window = tonumber(redis.call('HGET', KEYS[1], 'm') or '-1')
local taken = tonumber(redis.call('HGET', KEYS[1], 'c') or '0')
if window < current then
  window = current
  taken = 0
end
if taken >= limit then
  window = window + 1
  taken = 0
end
redis.call('HSET', KEYS[1], 'm', window, 'c', taken + 1)
redis.call('PEXPIREAT', KEYS[1], (window + 1) * length + 1000)
if window == current then
  return {0, window}
end
return {window * length + math.floor(taken * spread / limit) - now, window}

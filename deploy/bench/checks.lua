-- wrk script for deploy/bench/checks.sh: POST /v1/checks {"projectId": "...", "kind": "api"}.
--
--   wrk -t2 -c50 -d30s --latency -s checks.lua -H 'Authorization: Bearer ...' \
--       -H 'Content-Type: application/json' http://127.0.0.1:8081/v1/checks -- IDS_FILE MODE THREADS
--
-- IDS_FILE  one project id per line
-- MODE      spread  a random project of the file per request (default)
--           hot     the file's first project only
--           cycle   every project in turn, spread over the threads (the warm-up: touches each
--                   project once before the measured runs)
-- THREADS   wrk's -t (each thread's Lua state sees only itself; "cycle" needs the count)
--
-- Statuses are counted per thread (each wrk thread has its own Lua state) and collected in
-- done() through the thread objects kept by setup(). done() prints two lines for checks.sh:
--   HEADROOM_BENCH key=value ...        the numbers (latencies in microseconds; "sent" counts the
--                                       requests written, "requests" the responses read)
--   HEADROOM_BENCH_SAMPLE <status> <body>   the first response that was neither 200 nor 429

-- bench_common.lua, from this script's directory (see there)
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "bench_common.lua")

setup = common.setup

-- Per-thread state (globals of the thread's Lua state, so that done() can read them).
local ids, cache, mode, nth, step = {}, {}, "spread", 0, 1

function init(args)
  local file = args[1]
  mode = args[2] or "spread"
  if mode ~= "spread" and mode ~= "hot" and mode ~= "cycle" then
    error("checks.lua: unknown mode " .. mode .. " (spread, hot or cycle)")
  end
  ids = common.read_ids(file, "checks.lua")

  -- tid (set by setup) is 1..THREADS; "cycle" lets thread k take projects k, k+T, k+2T, ...
  nth, step = (tid or 1) - 1, math.max(tonumber(args[3] or "1") or 1, 1)
  common.seed_random()

  common.reset_counts({ "c200", "c429" })
end

-- The whole HTTP request for project i, built once and reused (headers from -H, Content-Length).
local function request_for(i)
  local r = cache[i]
  if not r then
    r = wrk.format("POST", nil, nil, '{"projectId":"' .. ids[i] .. '","kind":"api"}')
    cache[i] = r
  end
  return r
end

function request()
  sent = sent + 1
  if mode == "hot" then
    return request_for(1)
  elseif mode == "cycle" then
    local i = (nth % #ids) + 1
    nth = nth + step
    return request_for(i)
  end
  return request_for(math.random(#ids))
end

function response(status, headers, body)
  if status == 200 then
    c200 = c200 + 1
  elseif status == 429 then
    c429 = c429 + 1
  else
    common.count_other(status, body)
  end
end

function done(summary, latency, requests)
  common.report(summary, latency, { "c200", "c429" })
end

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

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- Per-thread state (globals of the thread's Lua state, so that done() can read them).
local ids, cache, mode, nth, step = {}, {}, "spread", 0, 1

function init(args)
  local file = args[1]
  mode = args[2] or "spread"
  if mode ~= "spread" and mode ~= "hot" and mode ~= "cycle" then
    error("checks.lua: unknown mode " .. mode .. " (spread, hot or cycle)")
  end
  local f = assert(io.open(file or "", "r"), "checks.lua: cannot read the project id file " .. tostring(file))
  for line in f:lines() do
    local id = line:match("^%s*(%S+)%s*$")
    if id then
      ids[#ids + 1] = id
    end
  end
  f:close()
  assert(#ids > 0, "checks.lua: no project id in " .. file)

  -- tid (set by setup) is 1..THREADS; "cycle" lets thread k take projects k, k+T, k+2T, ...
  nth, step = (tid or 1) - 1, math.max(tonumber(args[3] or "1") or 1, 1)
  math.randomseed(os.time() * 1000 + (tid or 1) * 7919)
  math.random(); math.random()

  sent, c200, c429, cother, other_codes, other_sample = 0, 0, 0, 0, "", ""
  other_counts = {}
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
    cother = cother + 1
    local key = tostring(status)
    other_counts[key] = (other_counts[key] or 0) + 1
    local parts = {}
    for code, n in pairs(other_counts) do
      parts[#parts + 1] = code .. ":" .. n
    end
    other_codes = table.concat(parts, ",")
    if other_sample == "" then
      other_sample = key .. " " .. tostring(body or ""):sub(1, 300):gsub("%s+", " ")
    end
  end
end

function done(summary, latency, requests)
  local nsent, n200, n429, nother, sample = 0, 0, 0, 0, ""
  local codes = {}
  for _, t in ipairs(threads) do
    nsent = nsent + (t:get("sent") or 0)
    n200 = n200 + (t:get("c200") or 0)
    n429 = n429 + (t:get("c429") or 0)
    nother = nother + (t:get("cother") or 0)
    for code, n in string.gmatch(t:get("other_codes") or "", "(%d+):(%d+)") do
      codes[code] = (codes[code] or 0) + tonumber(n)
    end
    if sample == "" then
      sample = t:get("other_sample") or ""
    end
  end
  local parts = {}
  for code, n in pairs(codes) do
    parts[#parts + 1] = code .. ":" .. n
  end
  table.sort(parts)
  local e = summary.errors
  local fl = math.floor
  io.write(string.format(
    "HEADROOM_BENCH sent=%d requests=%d duration_us=%d c200=%d c429=%d other=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d max_us=%d other_codes=%s\n",
    nsent, fl(summary.requests), fl(summary.duration), n200, n429, nother,
    fl(e.connect), fl(e.read), fl(e.write), fl(e.timeout),
    fl(latency:percentile(50)), fl(latency:percentile(99)), fl(latency.max),
    #parts > 0 and table.concat(parts, ",") or "-"))
  io.write("HEADROOM_BENCH_SAMPLE " .. sample .. "\n")
end

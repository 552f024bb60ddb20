-- wrk script for deploy/bench/webhooks.sh: POST /v1/projects/{id}/webhook-calls
-- {"source": "bench", "payload": {...}} with a body of about PAYLOAD_BYTES.
--
--   wrk -t2 -c50 -d30s --latency -s webhooks.lua -H 'Authorization: Bearer ...' \
--       -H 'Content-Type: application/json' http://127.0.0.1:8081 -- IDS_FILE PAYLOAD_BYTES SOURCE
--
-- IDS_FILE       one project id per line; each request goes to a random one of them
-- PAYLOAD_BYTES  the size of the whole request body (default 1024): the payload is padded to it
-- SOURCE         the calls' "source" (default "bench"); the sink counts deliveries per source
--
-- Statuses are counted per thread (each wrk thread has its own Lua state) and collected in
-- done() through the thread objects kept by setup(). done() prints two lines for webhooks.sh:
--   HEADROOM_BENCH key=value ...        the numbers (latencies in microseconds; "sent" counts the
--                                       requests written, "requests" the responses read)
--   HEADROOM_BENCH_SAMPLE <status> <body>   the first response that was neither 202 nor 429

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- Per-thread state (globals of the thread's Lua state, so that done() can read them).
local ids, cache, size, source = {}, {}, 1024, "bench"

function init(args)
  local file = args[1]
  size = tonumber(args[2] or "1024") or 1024
  source = args[3] or "bench"
  assert(source:match("^[%w._:-]+$"), "webhooks.lua: SOURCE must be letters, digits, . _ : - only")
  local f = assert(io.open(file or "", "r"), "webhooks.lua: cannot read the project id file " .. tostring(file))
  for line in f:lines() do
    local id = line:match("^%s*(%S+)%s*$")
    if id then
      ids[#ids + 1] = id
    end
  end
  f:close()
  assert(#ids > 0, "webhooks.lua: no project id in " .. file)

  math.randomseed(os.time() * 1000 + (tid or 1) * 7919)
  math.random(); math.random()

  sent, c202, c429, cother, other_codes, other_sample, body_bytes = 0, 0, 0, 0, "", "", 0
  other_counts = {}
end

-- The body for project i: an event-like payload padded with "x" to the requested size.
local function body_for(i)
  local head = '{"source":"' .. source .. '","payload":{"event":"order.updated","project":"' .. ids[i]
      .. '","thread":' .. tostring(tid or 1) .. ',"data":"'
  local tail = '"}}'
  return head .. string.rep("x", math.max(0, size - #head - #tail)) .. tail
end

-- The whole HTTP request for project i, built once and reused (headers from -H, Content-Length).
local function request_for(i)
  local r = cache[i]
  if not r then
    local body = body_for(i)
    body_bytes = #body
    r = wrk.format("POST", "/v1/projects/" .. ids[i] .. "/webhook-calls", nil, body)
    cache[i] = r
  end
  return r
end

function request()
  sent = sent + 1
  return request_for(math.random(#ids))
end

function response(status, headers, body)
  if status == 202 then
    c202 = c202 + 1
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
  local nsent, n202, n429, nother, sample, bytes = 0, 0, 0, 0, "", 0
  local codes = {}
  for _, t in ipairs(threads) do
    nsent = nsent + (t:get("sent") or 0)
    n202 = n202 + (t:get("c202") or 0)
    n429 = n429 + (t:get("c429") or 0)
    nother = nother + (t:get("cother") or 0)
    bytes = math.max(bytes, t:get("body_bytes") or 0)
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
    "HEADROOM_BENCH sent=%d requests=%d duration_us=%d c202=%d c429=%d other=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d max_us=%d body_bytes=%d other_codes=%s\n",
    nsent, fl(summary.requests), fl(summary.duration), n202, n429, nother,
    fl(e.connect), fl(e.read), fl(e.write), fl(e.timeout),
    fl(latency:percentile(50)), fl(latency:percentile(99)), fl(latency.max), bytes,
    #parts > 0 and table.concat(parts, ",") or "-"))
  io.write("HEADROOM_BENCH_SAMPLE " .. sample .. "\n")
end

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

-- bench_common.lua, from this script's directory (see there)
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "bench_common.lua")

setup = common.setup

-- Per-thread state (globals of the thread's Lua state, so that done() can read them).
local ids, cache, size, source = {}, {}, 1024, "bench"

function init(args)
  local file = args[1]
  size = tonumber(args[2] or "1024") or 1024
  source = args[3] or "bench"
  assert(source:match("^[%w._:-]+$"), "webhooks.lua: SOURCE must be letters, digits, . _ : - only")
  ids = common.read_ids(file, "webhooks.lua")

  common.seed_random()

  common.reset_counts({ "c202", "c429", "body_bytes" })
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
    common.count_other(status, body)
  end
end

function done(summary, latency, requests)
  common.report(summary, latency, { "c202", "c429" }, { "body_bytes" })
end

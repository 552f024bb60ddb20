-- wrk script for deploy/bench/distributions.sh: POST /v1/projects/{id}/distributions
-- {"channel": "sms", "recipients": ["+1555xxxxxxx"], "body": MARK}, one recipient per request.
--
--   wrk -t2 -c50 -d30s --latency -s distributions.lua -H 'Authorization: Bearer ...' \
--       -H 'Content-Type: application/json' http://127.0.0.1:8083 -- IDS_FILE MARK [KEYS]
--
-- IDS_FILE  one project id per line; each request goes to a random one of them
-- MARK      the SMS text (letters, digits, space and . _ : -); the benchmark counts the SMS sink's
--           lines by it, so it names the run and the phase
-- KEYS      "keys" (default): every request carries its own Idempotency-Key, as a careful client
--           sends it (the service then stores the answer with the distribution); "none": no key
--
-- Statuses are counted per thread (each wrk thread has its own Lua state) and collected in
-- done() through the thread objects kept by setup(). A 429 is counted by its X-Rate-Limit-Type:
-- distribution_messages (the account's day or month is spent) or anything else (e.g. api_calls,
-- the management limit, which a gateway token does not meet). done() prints two lines:
--   HEADROOM_BENCH key=value ...        the numbers (latencies in microseconds; "sent" counts the
--                                       requests written, "requests" the responses read)
--   HEADROOM_BENCH_SAMPLE <status> <body>   the first response that was neither 202 nor 429

-- bench_common.lua, from this script's directory (see there)
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "bench_common.lua")

setup = common.setup

-- Per-thread state (globals of the thread's Lua state, so that done() can read them).
local ids, mark, keys, base_headers, prefix = {}, "bench", true, {}, "bench"

function init(args)
  local file = args[1]
  mark = args[2] or "bench"
  keys = (args[3] or "keys") ~= "none"
  assert(mark:match("^[%w ._:-]+$"), "distributions.lua: MARK must be letters, digits, space, . _ : - only")
  ids = common.read_ids(file, "distributions.lua")

  -- wrk.format() takes the headers given or wrk.headers (the -H ones), never both: keep a copy
  for name, value in pairs(wrk.headers) do
    base_headers[name] = value
  end
  prefix = mark:gsub(" ", "-") .. "-" .. tostring(tid or 1) .. "-"

  common.seed_random()

  common.reset_counts({ "c202", "c429d", "c429o" })
end

function request()
  sent = sent + 1
  local project = ids[math.random(#ids)]
  -- a made-up number in E.164 form (+1555010xxxx to +1555019xxxx); one recipient per distribution
  local phone = string.format("+155501%05d", math.random(0, 99999))
  local body = '{"channel":"sms","recipients":["' .. phone .. '"],"body":"' .. mark .. '"}'
  local headers = base_headers
  if keys then
    headers = {}
    for name, value in pairs(base_headers) do
      headers[name] = value
    end
    headers["Idempotency-Key"] = prefix .. sent
  end
  return wrk.format("POST", "/v1/projects/" .. project .. "/distributions", headers, body)
end

local function header(headers, wanted)
  for name, value in pairs(headers) do
    if name:lower() == wanted then
      return value
    end
  end
  return nil
end

function response(status, headers, body)
  if status == 202 then
    c202 = c202 + 1
  elseif status == 429 and header(headers, "x-rate-limit-type") == "distribution_messages" then
    c429d = c429d + 1
  elseif status == 429 then
    c429o = c429o + 1
  else
    common.count_other(status, body)
  end
end

function done(summary, latency, requests)
  common.report(summary, latency, { "c202", "c429d", "c429o" })
end

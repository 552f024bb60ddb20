-- What the wrk scripts of deploy/bench share (checks.lua, webhooks.lua, distributions.lua): the
-- project id file, the per-thread status counts and done()'s two lines. Load it from the script's
-- own directory (wrk runs every script from the directory it is started in, so a bare
-- dofile("bench_common.lua") would depend on that):
--
--   local common = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "bench_common.lua")
--
-- wrk gives the main Lua state (setup, done) and each thread's (init, request, response) their
-- own copy of the script, so each loads its own copy of this module. Its counters are globals of
-- the thread's Lua state, so that done() can read them through the thread objects.

local M = {}

local threads = {}

-- setup(thread), as wrk calls it: keeps the thread for done() and numbers it (global tid, 1..N).
function M.setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- read_ids(file, script) -> the project ids of the file, one per line; fails naming the script.
function M.read_ids(file, script)
  local ids = {}
  local f = assert(io.open(file or "", "r"), script .. ": cannot read the project id file " .. tostring(file))
  for line in f:lines() do
    local id = line:match("^%s*(%S+)%s*$")
    if id then
      ids[#ids + 1] = id
    end
  end
  f:close()
  assert(#ids > 0, script .. ": no project id in " .. file)
  return ids
end

-- seed_random(): a random sequence of its own for each thread (global tid).
function M.seed_random()
  math.randomseed(os.time() * 1000 + (tid or 1) * 7919)
  math.random(); math.random()
end

-- reset_counts(names): the thread's counters to zero: sent, cother, other_codes, other_sample,
-- other_counts and each of names (e.g. {"c202", "c429"}).
function M.reset_counts(names)
  sent, cother, other_codes, other_sample = 0, 0, "", ""
  other_counts = {}
  for _, name in ipairs(names) do
    _G[name] = 0
  end
end

-- count_other(status, body): an answer that is neither success nor 429: counted by its status
-- (other_codes "code:n,..."), the first one kept as other_sample.
function M.count_other(status, body)
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

-- report(summary, latency, counts, maxima): done()'s two lines, summed over the threads:
--   HEADROOM_BENCH sent=... requests=... duration_us=... <counts>... other=... connect=... read=...
--     write=... timeout=... p50_us=... p99_us=... max_us=... <maxima>... other_codes=...
--   HEADROOM_BENCH_SAMPLE <status> <body>   (the first answer count_other kept)
-- counts: names of the threads' counters, summed; maxima: names of the threads' values, the largest.
function M.report(summary, latency, counts, maxima)
  maxima = maxima or {}
  local nsent, nother, sample = 0, 0, ""
  local sums, tops, codes = {}, {}, {}
  for i = 1, #counts do sums[i] = 0 end
  for i = 1, #maxima do tops[i] = 0 end
  for _, t in ipairs(threads) do
    nsent = nsent + (t:get("sent") or 0)
    for i, name in ipairs(counts) do
      sums[i] = sums[i] + (t:get(name) or 0)
    end
    nother = nother + (t:get("cother") or 0)
    for i, name in ipairs(maxima) do
      tops[i] = math.max(tops[i], t:get(name) or 0)
    end
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
  local line = { string.format("HEADROOM_BENCH sent=%d requests=%d duration_us=%d",
    nsent, fl(summary.requests), fl(summary.duration)) }
  for i, name in ipairs(counts) do
    line[#line + 1] = string.format("%s=%d", name, sums[i])
  end
  line[#line + 1] = string.format("other=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d max_us=%d",
    nother, fl(e.connect), fl(e.read), fl(e.write), fl(e.timeout),
    fl(latency:percentile(50)), fl(latency:percentile(99)), fl(latency.max))
  for i, name in ipairs(maxima) do
    line[#line + 1] = string.format("%s=%d", name, tops[i])
  end
  line[#line + 1] = "other_codes=" .. (#parts > 0 and table.concat(parts, ",") or "-")
  io.write(table.concat(line, " ") .. "\n")
  io.write("HEADROOM_BENCH_SAMPLE " .. sample .. "\n")
end

return M

-- wrk script for the load benchmark: every request as a random one of many members.
--   wrk -t2 -c32 -d60s --latency -s load.lua http://127.0.0.1:8077 -- ENDPOINT SESSIONS.lua
-- SESSIONS.lua (written by run.py) returns a list of
--   {cookie = "sessionid=...; csrftoken=...", csrf = "...", thread = <conversation id>}.
--   A fourth argument, "in-order", walks the sessions in turn instead (the warm-up: every
--   member's rows read once, as a server in use has them in memory).
-- A response other than 200 counts as an error: a 302 to the login page is a failure here.

local sessions, endpoint, origin, in_order
local forwarded = {["X-Forwarded-Proto"] = "https"}
errors = 0
sent = 0
statuses = {}

function init(args)
  endpoint = args[1]
  sessions = dofile(args[2])
  origin = args[3]
  in_order = args[4] == "in-order"
  -- Each wrk thread has its own Lua state: seed each differently.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
end

local function headers_for(s)
  return {["X-Forwarded-Proto"] = "https", ["Cookie"] = s.cookie}
end

function request()
  sent = sent + 1
  if endpoint == "bare" then
    return wrk.format("GET", "/bench/bare", forwarded)
  end
  local s
  if in_order then
    s = sessions[(sent - 1) % #sessions + 1]
  else
    s = sessions[math.random(#sessions)]
  end
  local h = headers_for(s)
  if endpoint == "authenticated" then
    return wrk.format("GET", "/bench/authenticated", h)
  elseif endpoint == "home" then
    return wrk.format("GET", "/", h)
  elseif endpoint == "conversation" then
    return wrk.format("GET", "/conversations/" .. s.thread .. "/", h)
  elseif endpoint == "requests" then
    return wrk.format("GET", "/api/requests", h)
  elseif endpoint == "message" then
    h["X-CSRFToken"] = s.csrf
    h["HX-Request"] = "true"
    h["Origin"] = origin
    h["Content-Type"] = "application/x-www-form-urlencoded"
    local body = "body=Load+test+message+" .. sent .. "+from+wrk."
    return wrk.format("POST", "/conversations/" .. s.thread .. "/", h, body)
  end
  error("unknown endpoint " .. tostring(endpoint))
end

function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local failed = 0
  local codes = {}
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("errors")
    for code, count in pairs(thread:get("statuses")) do
      codes[code] = (codes[code] or 0) + count
    end
  end
  io.write(string.format("status errors: %d\n", failed))
  for code, count in pairs(codes) do
    io.write(string.format("status %d: %d\n", code, count))
  end
  io.write(string.format("latency p50 us: %d\n", latency:percentile(50)))
  io.write(string.format("latency p99 us: %d\n", latency:percentile(99)))
  io.write(string.format("requests: %d\n", summary.requests))
  io.write(string.format("duration us: %d\n", summary.duration))
  io.write(string.format("socket errors: %d\n", summary.errors.connect + summary.errors.read
    + summary.errors.write))
  io.write(string.format("timeouts: %d\n", summary.errors.timeout))
end

-- wrk script: replays a pool of pre-signed raw HTTP requests in a cycle, and prints one JSON line of
-- results in done(). The pool file (written by bench/raw-http.ts writePool) holds, per request, its
-- byte length in decimal, "\n", then the exact bytes.  Usage: wrk ... -s bench/pool.lua URL -- POOL
local pool = {}
local count = 0
local index = 0

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local data = file:read("*a")
  file:close()
  local pos = 1
  while pos <= #data do
    local nl = string.find(data, "\n", pos, true)
    local len = tonumber(string.sub(data, pos, nl - 1))
    count = count + 1
    pool[count] = string.sub(data, nl + 1, nl + len)
    pos = nl + len + 1
  end
  -- each thread starts at a different offset so threads do not send the same request together
  index = math.random(count) - 1
end

function request()
  index = index % count + 1
  return pool[index]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50Us":%d,"p99Us":%d,"p999Us":%d,"meanUs":%.1f}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.mean))
end

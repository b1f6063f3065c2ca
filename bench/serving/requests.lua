-- wrk script for the serving benchmark: POSTs the JSON documents of $BODIES (one per line) in
-- turn to $REQ_PATH (default /invocations), and prints one machine-readable RESULT line.
local bodies_file = os.getenv("BODIES")
local path = os.getenv("REQ_PATH") or "/invocations"
local requests = {}
local index = 0

function init(args)
  for line in io.lines(bodies_file) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("POST", path, { ["Content-Type"] = "application/json" }, line)
    end
  end
  index = math.random(#requests) - 1
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%.1f p99_us=%.1f requests=%d socket_errors=%d non2xx=%d\n",
    summary.requests / seconds, latency:percentile(50), latency:percentile(99), summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status))
end

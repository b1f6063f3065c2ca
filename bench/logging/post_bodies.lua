-- wrk script: POSTs prebuilt log-batch bodies (one JSON per line of $BODIES), each once,
-- in order (run wrk with one thread: its connections share this counter); once every body was sent it keeps resending the last one (wrk cannot stop
-- early), which run.sh avoids by generating more bodies than the run can send.
local bodies = {}
local next_index = 0
local path = os.getenv("BODIES")
for line in io.lines(path) do bodies[#bodies + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  next_index = next_index + 1
  local i = math.min(next_index, #bodies)
  return wrk.format(nil, "/api/2.0/mlflow/runs/log-batch", nil, bodies[i])
end

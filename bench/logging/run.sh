#!/usr/bin/env bash
# Logging throughput: mlflow-cpp vs the official Python client vs the server's own ceiling.
#
#   bench/logging/run.sh            (after: cmake --build build --target bench_logging)
#
# Every measurement gets a fresh `mlflow server` (SQLite, one worker, loopback: the test
# fixture's script), runs one client, then checks that every point is present. The ceiling is
# wrk POSTing prebuilt, distinct 1000-metric log-batch bodies. Sizes: N_SYNC (per-point sync
# calls), N_BATCH, N_ASYNC (mlflow-cpp async) and N_PY_ASYNC (Python async, which ingests
# ~40 points/s here: 50,000 would take 20 minutes) points; WRK_SECONDS per ceiling run. Prints
# a markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-$root/build}
py=${MLFLOWCPP_VENV:-$root/.venv}/bin/python
server="$root/tests/support/mlflow_test_server.sh"
out=${OUT:-$build/bench-logging}
N_SYNC=${N_SYNC:-1000}
N_BATCH=${N_BATCH:-20000}
N_ASYNC=${N_ASYNC:-50000}
N_PY_ASYNC=${N_PY_ASYNC:-5000}
WRK_SECONDS=${WRK_SECONDS:-20}
WRK_BODIES=${WRK_BODIES:-800}
mkdir -p "$out"
results="$out/results.jsonl"
: >"$results"
export MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true

current=""
cleanup() { [[ -n $current ]] && bash "$server" stop "$current" >/dev/null 2>&1 || true; }
trap cleanup EXIT

start_server() {  # name; sets $current (so call it directly, not in $(...)) and $uri
  current="$out/server-$1"
  bash "$server" start "$current" >/dev/null
  uri=$(cat "$current/uri")
}

stop_server() {
  bash "$server" stop "$current" >/dev/null
  current=""
}

measure() {  # client mode points
  local client=$1 mode=$2 points=$3 uri line run_id
  start_server "$client-$mode"
  if [[ $client == cpp ]]; then
    line=$("$build/bin/bench_logging" "$mode" --tracking-uri "$uri" --points "$points")
  else
    # mlflow prints "View run ..." lines on stdout when a run ends: keep the JSON result line.
    line=$(MLFLOW_TRACKING_URI=$uri "$py" "$here/bench_logging.py" "$mode" --points "$points" | grep '^{' | tail -n 1)
  fi
  run_id=$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["run_id"])' "$line")
  MLFLOW_TRACKING_URI=$uri "$py" "$here/bench_logging.py" verify "$run_id" "$points" >/dev/null
  echo "$line" | tee -a "$results" >&2
  stop_server
}

ceiling() {  # connections
  local connections=$1 uri run_id bodies wrk_out requests failed seconds
  start_server "wrk-c$connections"
  run_id=$(MLFLOW_TRACKING_URI=$uri "$py" "$here/bench_logging.py" create-run)
  bodies="$out/bodies.txt"
  MLFLOW_TRACKING_URI=$uri "$py" "$here/bench_logging.py" make-bodies "$run_id" "$WRK_BODIES" "$bodies"
  wrk_out=$(BODIES=$bodies wrk -t1 -c"$connections" -d"${WRK_SECONDS}s" --timeout 60s -s "$here/post_bodies.lua" "$uri")
  echo "$wrk_out" >"$out/wrk-c$connections.txt"
  requests=$(echo "$wrk_out" | awk '/requests in/ {print $1}')
  seconds=$(echo "$wrk_out" | awk '/requests in/ {gsub("s,","",$4); print $4}')
  failed=$(echo "$wrk_out" | awk '/Non-2xx/ {print $NF}')
  failed=${failed:-0}
  if (( requests >= WRK_BODIES )); then
    echo "warning: wrk sent all $WRK_BODIES bodies; raise WRK_BODIES" >&2
  fi
  local ok=$((requests - failed))
  MLFLOW_TRACKING_URI=$uri "$py" "$here/bench_logging.py" verify "$run_id" $((ok * 1000)) --at-least >/dev/null
  "$py" -c 'import json,sys; c,r,s,f=sys.argv[1:5]; print(json.dumps({"client":"wrk","mode":"c"+c,"run_id":"",
    "points":int(r)*1000-int(f)*1000,"seconds":float(s),"points_per_second":(int(r)-int(f))*1000/float(s),
    "calls":int(r),"call_median_us":None,"call_p99_us":None,"non_2xx":int(f)}))' \
    "$connections" "$requests" "$seconds" "$failed" | tee -a "$results" >&2
  stop_server
}

if [[ ${ONLY_CEILING:-0} != 1 ]]; then
  measure python log_metric "$N_SYNC"
  measure cpp sync-metric "$N_SYNC"
  measure python log_batch "$N_BATCH"
  measure cpp batch "$N_BATCH"
  measure python async "$N_PY_ASYNC"
  measure cpp async "$N_ASYNC"
fi
ceiling 1
ceiling 4
"$py" "$here/bench_logging.py" report "$results"

#!/usr/bin/env bash
# Serving benchmark (issue 7): wrk on loopback against
#   1. `mlflow-cpp serve --model models:/tweet-sentiment@champion`   (this project)
#   2. bench_noop_server: the same HTTP stack answering without any work (the ceiling)
#   3. `mlflow models serve -m models:/tweet-sentiment@champion --env-manager local --workers 2`
#      (the python_function flavor from the Python bindings; "n/a" when they are not installed)
# for single-tweet and 64-tweet requests at `-t1 -c8` and `-t2 -c32`, and prints a Markdown
# table of throughput and p50/p99 latency (paste it into docs/benchmarks.md, "## Serving").
# This project's server and the no-op are measured in --rounds alternating rounds (default 3)
# and each cell is the round with the median throughput; every server gets --warmup seconds
# (default 3) of unrecorded load first.
#
#   bench/serving/run.sh [--duration SECONDS] [--warmup SECONDS] [--rounds N] [--model-name NAME]
#
# The champion comes from MLFLOW_TRACKING_URI when that server has one; otherwise from the
# demo MLflow server that scripts/demo.sh runs (started, and the pipeline run, when needed).
# Bodies are real tweets from ../shared/data/semeval2017-task4a/twitter-2016test-A.tsv.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/serving
duration=10
warmup=3
rounds=3
model_name=tweet-sentiment
while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) duration=$2; shift ;;
    --model-name) model_name=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    *) echo "usage: bench/serving/run.sh [--duration SECONDS] [--warmup SECONDS] [--rounds N] [--model-name NAME]" >&2; exit 2 ;;
  esac
  shift
done
cli=$root/build/bin/mlflow-cpp
noop=$root/build/bin/bench_noop_server
python=$root/.venv/bin/python
data=$root/../shared/data/semeval2017-task4a/twitter-2016test-A.tsv
for f in "$cli" "$noop" "$python" "$data"; do
  [[ -e $f ]] || { echo "run.sh: missing $f (build with: cmake --build build --target mlflow-cpp bench_noop_server)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
export MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

has_champion() {
  MLFLOW_TRACKING_URI=$1 "$python" -c "
import sys; from mlflow import MlflowClient
try: MlflowClient().get_model_version_by_alias('$model_name', 'champion')
except Exception: sys.exit(1)" 2>/dev/null
}
if [[ -z ${MLFLOW_TRACKING_URI:-} ]] || ! has_champion "$MLFLOW_TRACKING_URI"; then
  demo_uri=$root/examples/sentiment-pipeline/.mlflow/uri
  if [[ ! -f $demo_uri ]] || ! has_champion "$(cat "$demo_uri")"; then
    echo "==> no $model_name@champion yet: running scripts/demo.sh to train and promote one" >&2
    (cd "$root" && scripts/demo.sh >"$work/demo.log" 2>&1) || { tail -n 30 "$work/demo.log" >&2; exit 3; }
  fi
  MLFLOW_TRACKING_URI=$(cat "$demo_uri")
fi
export MLFLOW_TRACKING_URI
echo "==> champion of $model_name at $MLFLOW_TRACKING_URI" >&2

# Request bodies: 512 single-tweet documents and 64 documents of 64 tweets.
"$python" - "$data" "$work" <<'PY'
import json, sys
path, out = sys.argv[1], sys.argv[2]
texts = []
for line in open(path, encoding="utf-8", errors="replace"):
    cols = line.rstrip("\n").split("\t")
    if len(cols) >= 3 and cols[2].strip():
        texts.append(cols[2].encode().decode("unicode_escape", errors="replace") if "\\u" in cols[2] else cols[2])
with open(f"{out}/single.jsonl", "w") as f:
    for t in texts[:512]:
        f.write(json.dumps({"inputs": [t]}) + "\n")
with open(f"{out}/batch64.jsonl", "w") as f:
    for i in range(64):
        f.write(json.dumps({"inputs": texts[512 + 64 * i: 512 + 64 * (i + 1)]}) + "\n")
PY

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() {  # url seconds
  for _ in $(seq 1 $(($2 * 10))); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
start() {  # command... (uses $name for the log file)
  setsid "$@" >"$work/$name.log" 2>&1 </dev/null &
  pids+=($!)
}
run_wrk() {  # port bodies threads connections -> "rps p50_us p99_us"
  local out
  out=$(BODIES=$2 wrk -t"$3" -c"$4" -d"${duration}s" --timeout 10s -s "$here/requests.lua" "http://127.0.0.1:$1" 2>&1)
  echo "$out" >>"$work/wrk.log"
  local line
  line=$(grep '^RESULT' <<<"$out" || true)
  [[ -n $line ]] || { echo "wrk failed: $out" >&2; echo "0 0 0 0"; return; }
  local rps p50 p99 errors non2xx
  rps=$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$line")
  p50=$(sed -E 's/.*p50_us=([0-9.]+).*/\1/' <<<"$line")
  p99=$(sed -E 's/.*p99_us=([0-9.]+).*/\1/' <<<"$line")
  errors=$(sed -E 's/.*socket_errors=([0-9]+).*/\1/' <<<"$line")
  non2xx=$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<<"$line")
  echo "$rps $p50 $p99 $((errors + non2xx))"
}
declare -A results
warm() {  # port: not recorded; every server first pages in its model and starts its threads
  BODIES=$work/single.jsonl wrk -t1 -c8 -d"${warmup}s" -s "$here/requests.lua" "http://127.0.0.1:$1" >/dev/null 2>&1 || true
}
measure() {  # column port [round]
  for load in "1 8" "2 32"; do
    for body in single batch64; do
      set -- $load
      results[$1,$2,$body,$column${round:+,$round}]=$(run_wrk "$port" "$work/$body.jsonl" "$1" "$2")
    done
  done
}
median_cell() {  # key prefix: the round with the median throughput, with every round's errors added up
  local lines=() errors=0 r
  for ((r = 1; r <= rounds; r++)); do
    lines+=("${results[$1,$r]}")
    errors=$((errors + $(awk '{print $4}' <<<"${results[$1,$r]}")))
  done
  local median
  median=$(printf '%s\n' "${lines[@]}" | sort -g -k1,1 | sed -n "$(((rounds + 1) / 2))p")
  echo "$(awk '{print $1, $2, $3}' <<<"$median") $errors"
}

# This project's server and the no-op ceiling run side by side and are measured in alternating
# rounds, so that a slow spell of this noisy machine hits both; each cell reports the round
# with the median throughput.
name=serve serve_port=$(free_port)
start "$cli" serve --model "models:/$model_name@champion" --host 127.0.0.1 --port "$serve_port" --no-monitoring-run
wait_ready "http://127.0.0.1:$serve_port/ping" 120 || { cat "$work/serve.log" >&2; exit 3; }
name=noop noop_port=$(free_port)
start "$noop" --port "$noop_port"
wait_ready "http://127.0.0.1:$noop_port/ping" 30 || { cat "$work/noop.log" >&2; exit 3; }
warm "$serve_port"
warm "$noop_port"
for ((round = 1; round <= rounds; round++)); do
  echo "==> round $round of $rounds" >&2
  column=serve port=$serve_port measure
  column=noop port=$noop_port measure
done
for load in "1 8" "2 32"; do
  for body in single batch64; do
    set -- $load
    for column in serve noop; do results[$1,$2,$body,$column]=$(median_cell "$1,$2,$body,$column"); done
  done
done
kill -TERM -- "-${pids[-1]}" "-${pids[-2]}" 2>/dev/null || true
unset round

mlflow_serve=n/a
if "$python" -c "import mlflowcpp" 2>/dev/null; then
  name=pyfunc port=$(free_port)
  PATH="$root/.venv/bin:$PATH" start "$root/.venv/bin/mlflow" models serve -m "models:/$model_name@champion" --env-manager local --workers 2 \
    --host 127.0.0.1 --port "$port"
  if wait_ready "http://127.0.0.1:$port/ping" 180; then
    warm "$port"
    column=pyfunc measure
    mlflow_serve=ok
  else
    echo "mlflow models serve did not start; see below" >&2
    tail -n 20 "$work/pyfunc.log" >&2
  fi
  kill -TERM -- "-${pids[-1]}" 2>/dev/null || true
fi

fmt_cell() {  # "rps p50 p99 errors"
  read -r rps p50 p99 errors <<<"$1"
  printf "%s req/s · p50 %s ms · p99 %s ms%s" "$(printf '%.0f' "$rps")" "$(awk "BEGIN{printf \"%.2f\", $p50/1000}")" \
    "$(awk "BEGIN{printf \"%.2f\", $p99/1000}")" "$([[ $errors -gt 0 ]] && echo " · $errors errors")"
}
per_round=""
for ((r = 1; r <= rounds; r++)); do
  per_round+=$(awk -v a="$(awk '{print $1}' <<<"${results[1,8,single,serve,$r]}")" \
    -v b="$(awk '{print $1}' <<<"${results[1,8,single,noop,$r]}")" 'BEGIN{ if (b > 0) printf " %.0f%%", 100*a/b }')
done
echo
echo "wrk -d${duration}s on loopback, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
echo
echo "| request | wrk | mlflow-cpp serve | no-op ceiling (same HTTP stack) | mlflow models serve (pyfunc, 2 workers) | vs ceiling | vs mlflow |"
echo "|---|---|---|---|---|---|---|"
for load in "1 8" "2 32"; do
  for body in single batch64; do
    set -- $load
    serve=${results[$1,$2,$body,serve]}
    noop_r=${results[$1,$2,$body,noop]}
    label=$([[ $body == single ]] && echo "1 tweet" || echo "64 tweets")
    ratio=$(awk -v a="${serve%% *}" -v b="${noop_r%% *}" 'BEGIN{ if (b > 0) printf "%.0f%%", 100*a/b; else print "-" }')
    if [[ $mlflow_serve == ok ]]; then
      py=${results[$1,$2,$body,pyfunc]}
      py_cell=$(fmt_cell "$py")
      speedup=$(awk -v a="${serve%% *}" -v b="${py%% *}" 'BEGIN{ if (b > 0) printf "%.0f×", a/b; else print "-" }')
    else
      py_cell="n/a (bindings not installed)"
      speedup="n/a"
    fi
    echo "| $label | -t$1 -c$2 | $(fmt_cell "$serve") | $(fmt_cell "$noop_r") | $py_cell | $ratio | $speedup |"
  done
done
echo
echo "Median of $rounds alternating rounds for mlflow-cpp serve and the no-op (one round for mlflow models serve);"
echo "1 tweet at -t1 -c8, share of the ceiling per round:$per_round"

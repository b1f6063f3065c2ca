#!/usr/bin/env bash
# The main job: the tweet-sentiment pipeline end to end, against a local MLflow server.
#
#   scripts/demo.sh            set up if needed, start MLflow, `dvc repro`, show the results
#   scripts/demo.sh --setup    run scripts/setup.sh first even when everything looks built
#   scripts/demo.sh --stop     stop the servers a previous run left running
#
# 1. Runs scripts/setup.sh when the CLI, the venv's mlflow or dvc is missing.
# 2. Unless MLFLOW_TRACKING_URI is set, starts `mlflow server` on 127.0.0.1 (port 5000 when
#    free, else a free one) with its SQLite store and artifacts in
#    examples/sentiment-pipeline/.mlflow/ — persistent, so the registry and dvc.lock stay in
#    step across runs (a running demo server is reused).
# 3. Runs the pipeline (examples/sentiment-pipeline: prepare -> validate -> train ->
#    evaluate -> gate) with `dvc repro`, offline (no analytics, no update check).
# 4. Prints the MLflow UI address, the champion version and its metrics, a sample prediction;
#    starts the prediction server on the champion when this build has `mlflow-cpp serve`.
# GATE_MODE=dry-run (pull requests in CI) makes the gate decide without changing the registry.
# Unless CI=true the servers keep running afterwards (stop them with --stop); with CI=true
# they are stopped when the script exits.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pipeline=$root/examples/sentiment-pipeline
state=$pipeline/.mlflow
model_name=${DEMO_MODEL_NAME:-tweet-sentiment}
export DVC_NO_ANALYTICS=1 MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true
export PATH=$root/build/bin:$PATH

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

stop_pidfile() {  # pidfile: stops the process group started by this script
  local file=$1
  [[ -f $file ]] || return 0
  local pid
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop_servers() {
  stop_pidfile "$state/serve.pid"
  stop_pidfile "$state/server.pid"
  rm -f "$state/uri" "$state/serve.uri"
}

port_free() {
  "$root/.venv/bin/python" - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}

free_port() {
  "$root/.venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_http() {  # url seconds
  local url=$1 seconds=$2
  for _ in $(seq 1 $((seconds * 2))); do
    curl -fsS "$url" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  return 1
}

start_mlflow_server() {
  mkdir -p "$state/artifacts"
  if [[ -f $state/server.pid && -f $state/uri ]] && kill -0 "$(cat "$state/server.pid")" 2>/dev/null &&
     curl -fsS "$(cat "$state/uri")/health" >/dev/null 2>&1; then
    MLFLOW_TRACKING_URI=$(cat "$state/uri")
    say "reusing the demo MLflow server at $MLFLOW_TRACKING_URI"
    return
  fi
  stop_pidfile "$state/server.pid"
  local port=5000
  port_free 5000 || port=$(free_port)
  say "starting mlflow server on 127.0.0.1:$port (store: $state)"
  MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false setsid "$root/.venv/bin/mlflow" server --host 127.0.0.1 --port "$port" --workers 1 \
    --backend-store-uri "sqlite:///$state/mlflow.db" --artifacts-destination "$state/artifacts" \
    >"$state/server.log" 2>&1 </dev/null &
  echo $! >"$state/server.pid"
  MLFLOW_TRACKING_URI=http://127.0.0.1:$port
  if ! wait_http "$MLFLOW_TRACKING_URI/health" 120; then
    echo "demo: mlflow server did not become healthy; last lines of $state/server.log:" >&2
    tail -n 30 "$state/server.log" >&2
    exit 3
  fi
  echo "$MLFLOW_TRACKING_URI" >"$state/uri"
}

# The prediction server on the champion (issue 7: `mlflow-cpp serve`). Started only when this
# build has the command; it follows the champion alias by itself.
start_prediction_server() {
  if ! mlflow-cpp serve --help >/dev/null 2>&1; then
    echo "  prediction server: not in this build (mlflow-cpp serve)"
    return
  fi
  stop_pidfile "$state/serve.pid"
  local port=8080
  port_free 8080 || port=$(free_port)
  setsid mlflow-cpp serve --model "models:/$model_name@champion" --host 127.0.0.1 --port "$port" \
    >"$state/serve.log" 2>&1 </dev/null &
  echo $! >"$state/serve.pid"
  if ! wait_http "http://127.0.0.1:$port/ping" 60; then
    echo "  prediction server: did not start; see $state/serve.log"
    stop_pidfile "$state/serve.pid"
    return
  fi
  echo "http://127.0.0.1:$port" >"$state/serve.uri"
  echo "  prediction server: http://127.0.0.1:$port  (models:/$model_name@champion)"
  echo "    curl -s http://127.0.0.1:$port/invocations -H 'Content-Type: application/json' \\"
  echo "      -d '{\"inputs\": [\"what a great day\"]}'"
  curl -s "http://127.0.0.1:$port/invocations" -H 'Content-Type: application/json' \
    -d '{"inputs": ["what a great day", "this is the worst service ever"]}' | sed 's/^/    -> /'
  echo
  echo "    KServe V2:   POST http://127.0.0.1:$port/v2/models/$model_name/infer"
  echo "    metrics:     http://127.0.0.1:$port/metrics   monitoring: http://127.0.0.1:$port/monitoring"
  echo "    feedback:    POST /feedback {\"request_id\": \"<from the answer>\", \"labels\": [\"positive\", ...]}"
  echo "    monitoring run: experiment $model_name-monitoring in the MLflow UI; log: $state/serve.log"
  echo "    it follows the champion alias (polls every 30 s); stop it with scripts/demo.sh --stop"
}

show_results() {
  say "results"
  echo "  MLflow UI:  $MLFLOW_TRACKING_URI   (experiment tweet-sentiment, model $model_name)"
  if ! "$root/.venv/bin/python" - "$model_name" <<'PY'
import sys
from mlflow import MlflowClient
name = sys.argv[1]
client = MlflowClient()
try:
    version = client.get_model_version_by_alias(name, "champion")
except Exception as error:  # no champion yet
    print(f"  champion:   none yet ({error.__class__.__name__})")
    sys.exit(1)
tags = version.tags
print(f"  champion:   {name} version {version.version} (decision: {tags.get('gate.decision', '?')}, "
      f"run {version.run_id})")
metrics = {k: v for k, v in client.get_run(version.run_id).data.metrics.items()}
for key in ("holdout_macro_recall", "macro_recall", "f1_pn", "accuracy"):
    if key in metrics:
        print(f"    {key:<22} {metrics[key]:.4f}")
for key in sorted(tags):
    if key.startswith("gate.candidate."):
        print(f"    gate: {key[len('gate.candidate.'):]:<16} {float(tags[key]):.4f} on the validation file")
PY
  then
    return 0  # no champion (e.g. GATE_MODE=dry-run against an empty registry): nothing to serve
  fi
  echo "  sample prediction (mlflow-cpp predict --model models:/$model_name@champion --format jsonl):"
  printf '%s\n' "I love this new phone, best purchase ever" "the train is late again, so annoying" \
      "the meeting is at 3pm" |
    mlflow-cpp predict --model "models:/$model_name@champion" --format jsonl | sed 's/^/    /'
  start_prediction_server
}

case ${1:-} in
  --stop) stop_servers; echo "demo servers stopped"; exit 0 ;;
  --setup) scripts/setup.sh ;;
  "") if [[ ! -x build/bin/mlflow-cpp || ! -x .venv/bin/mlflow || ! -x .venv/bin/dvc ]]; then scripts/setup.sh; fi ;;
  *) echo "usage: scripts/demo.sh [--setup|--stop]" >&2; exit 2 ;;
esac

if [[ -z ${MLFLOW_TRACKING_URI:-} ]]; then
  start_mlflow_server
  [[ ${CI:-false} == true ]] && trap stop_servers EXIT
fi
export MLFLOW_TRACKING_URI

say "dvc repro (examples/sentiment-pipeline)"
cd "$pipeline"
"$root/.venv/bin/dvc" repro
if [[ ${GATE_MODE:-promote} == promote ]] && ! "$root/.venv/bin/python" -c "
import sys; from mlflow import MlflowClient
try: MlflowClient().get_model_version_by_alias('$model_name', 'champion')
except Exception: sys.exit(1)" 2>/dev/null; then
  say "no champion in this MLflow server yet (outputs came from an earlier run): re-running the gate"
  "$root/.venv/bin/dvc" repro --force --single-item gate
fi
cd "$root"
show_results

if [[ ${CI:-false} != true ]]; then
  echo
  echo "The servers keep running. Stop them with: scripts/demo.sh --stop"
fi

#!/usr/bin/env bash
# Starts or stops the one real `mlflow server` a test run shares.
#   mlflow_test_server.sh start DIR   -> DIR/uri holds http://127.0.0.1:PORT once /health answers
#   mlflow_test_server.sh stop DIR
# For crash tests on a private server (tests/integration/reliability):
#   mlflow_test_server.sh kill DIR     SIGKILL the server's whole process group; DIR (database,
#                                      uri, port) is kept
#   mlflow_test_server.sh restart DIR  start again on the same port with the same backend store
# Backend store: SQLite in DIR unless MLFLOWCPP_TEST_BACKEND_URI names another (PostgreSQL run).
# Artifacts: proxied (--artifacts-destination DIR/artifacts). Loopback only, one worker.
set -euo pipefail
action=${1:?start|stop|kill|restart}
dir=${2:?directory}
venv=${MLFLOWCPP_VENV:-$(cd "$(dirname "$0")/../.." && pwd)/.venv}

stop_server() {
  if [[ -f $dir/pid ]]; then
    pid=$(cat "$dir/pid")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$dir/pid" "$dir/uri"
  fi
}

kill_server() {
  if [[ -f $dir/pid ]]; then
    pid=$(cat "$dir/pid")
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/pid"
  fi
}

launch() {  # port backend
  local port=$1 backend=$2
  # No background job runner (8 huey consumers): tests never use server-side jobs.
  export MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false
  setsid "$venv/bin/mlflow" server --host 127.0.0.1 --port "$port" --workers 1 \
    --backend-store-uri "$backend" --artifacts-destination "$dir/artifacts" \
    >>"$dir/server.log" 2>&1 < /dev/null &
  echo $! >"$dir/pid"
  for _ in $(seq 1 360); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
      echo "http://127.0.0.1:$port" >"$dir/uri"
      echo "mlflow server ready at http://127.0.0.1:$port (backend $backend)"
      return 0
    fi
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then break; fi
    sleep 0.5
  done
  echo "mlflow server did not become healthy; log follows" >&2
  tail -n 50 "$dir/server.log" >&2
  stop_server
  return 1
}

case $action in
  start)
    stop_server
    rm -rf "$dir"
    mkdir -p "$dir/artifacts"
    port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    backend=${MLFLOWCPP_TEST_BACKEND_URI:-sqlite:///$dir/mlflow.db}
    echo "$port" >"$dir/port"
    echo "$backend" >"$dir/backend"
    launch "$port" "$backend"
    ;;
  stop) stop_server ;;
  kill) kill_server ;;
  restart)
    [[ -f $dir/port && -f $dir/backend ]] || { echo "restart: $dir was not started by this script" >&2; exit 2; }
    kill_server
    launch "$(cat "$dir/port")" "$(cat "$dir/backend")"
    ;;
  *) echo "usage: $0 start|stop|kill|restart DIR" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Consumer-project test: install mlflow-cpp into a temp prefix, build tests/consumer/app with
# find_package, build it again with add_subdirectory, run both against the test server and
# check the runs with the official Python client.
#   run_consumer_test.sh SOURCE_DIR BUILD_DIR SERVER_DIR
set -euo pipefail
src=$1 build=$2 server_dir=$3
work=$build/consumer-test
rm -rf "$work"
mkdir -p "$work"
export MLFLOW_TRACKING_URI=$(cat "$server_dir/uri")

cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src/tests/consumer/app" -B "$work/package" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DMLFLOWCPP_CONSUME=package >/dev/null
cmake --build "$work/package" >/dev/null
run_a=$("$work/package/consumer")

cmake -S "$src/tests/consumer/app" -B "$work/subdirectory" -G Ninja -DMLFLOWCPP_CONSUME=subdirectory \
  -DMLFLOWCPP_SOURCE_DIR="$src" >/dev/null
cmake --build "$work/subdirectory" >/dev/null
run_b=$("$work/subdirectory/consumer")

# pkg-config file resolves and names the libraries.
PKG_CONFIG_PATH=$work/prefix/lib/pkgconfig pkg-config --libs mlflowcpp | grep -q -- -lmlflowcpp_client

"$src/.venv/bin/python" - "$run_a" "$run_b" <<'PY'
import sys, mlflow
client = mlflow.MlflowClient()
for run_id in sys.argv[1:]:
    run = client.get_run(run_id)
    assert run.info.status == "FINISHED", run.info.status
    assert run.data.metrics["answer"] == 42.0, run.data.metrics
print("consumer runs verified:", *sys.argv[1:])
PY

#!/usr/bin/env bash
# The integration suites again, against `mlflow server` with a PostgreSQL backend store.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
pgdir=$(mktemp -d /tmp/mlflowcpp-pg.XXXXXX)
chmod 755 "$pgdir"
trap 'scripts/postgres.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
uri=$(scripts/postgres.sh start "$pgdir")
echo "PostgreSQL backend store: $uri" >&2
export MLFLOWCPP_TEST_BACKEND_URI=$uri
# Not consumer_project and pipeline_scripts: they never reach the tracking server's store.
(cd build && ctest --output-on-failure -L integration -E '^(consumer_project|pipeline_scripts)$' "$@")

#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the production-backend test run.
#   scripts/postgres.sh start DIR   -> prints the SQLAlchemy URI (postgresql+psycopg2://...) of database "mlflow"
#   scripts/postgres.sh stop DIR
# initdb refuses to run as root, so as root it runs as the `postgres` user.
set -euo pipefail
action=${1:?start|stop}
dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x $bin/initdb ]] || { echo "postgres.sh: PostgreSQL server binaries not found (scripts/setup.sh installs them)" >&2; exit 3; }
as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi

case $action in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    if [[ ! -f $dir/data/PG_VERSION ]]; then
      "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
    echo "$port" >"$dir/port"
    "${as_pg[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qtc "CREATE DATABASE mlflow" >/dev/null
    echo "postgresql+psycopg2://postgres@127.0.0.1:$port/mlflow"
    ;;
  stop)
    if [[ -f $dir/data/postmaster.pid ]]; then
      "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac

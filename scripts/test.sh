#!/usr/bin/env bash
# Runs every test. Installs and builds first (scripts/setup.sh) when needed.
#
#   scripts/test.sh              unit + integration (real mlflow server) + Python + pipeline +
#                                example tests, then the formatting check and the Doxygen build
#   scripts/test.sh --sanitize   the same suites under ASan+UBSan, then ThreadSanitizer
#   scripts/test.sh --fuzz       each libFuzzer target for FUZZ_SECONDS (default 60)
#   scripts/test.sh --postgres   the integration suites against a PostgreSQL backend store
#   scripts/test.sh --all        all of the above (what .ci/run runs, ~50 min on 2 cores), the PostgreSQL pass
#                                right after the default suites, while the sanitizer trees build
# Under CI=true the build treats warnings as errors (scripts/setup.sh).
# Extra arguments after -- go to ctest (e.g. -- -R tracking).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

modes=()
ctest_args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --sanitize) modes+=(asan tsan) ;;
    --postgres|--fuzz|--default) modes+=("${1#--}") ;;
    --all) modes+=(default postgres asan fuzz tsan) ;;
    --) shift; ctest_args=("$@"); break ;;
    *) echo "test.sh: unknown option $1 (see the header of this script)" >&2; exit 2 ;;
  esac
  shift
done
[[ ${#modes[@]} -eq 0 ]] && modes=(default)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
export MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true
started=$SECONDS

run_ctest() {  # build_dir [ctest args...]
  local dir=$1; shift
  (cd "$dir" && ctest --output-on-failure --no-tests=error "$@")
}

# With the default suites and a sanitizer or fuzz mode in one call (--all), the sanitizer trees
# are built in the background at the lowest CPU priority while the default suites and the
# PostgreSQL pass run (they mostly wait on the mlflow server), so CI spends little time on
# builds alone.
prebuild_dir=""
prebuild_pid=""
start_prebuild() {
  prebuild_dir=$(mktemp -d /tmp/mlflowcpp-prebuild.XXXXXX)
  say "building build-asan/ and build-tsan/ in the background (nice 19; log $prebuild_dir/log)"
  # Its own process group, so that leaving early (a failed suite) stops it too.
  setsid bash -c 'cd "$1" && for tree in asan tsan; do
      rc=0
      nice -n 19 scripts/test-sanitize.sh --$tree-only --build-only >>"$2/log" 2>&1 || rc=$?
      echo $rc >"$2/$tree.rc"
    done' prebuild "$root" "$prebuild_dir" &
  prebuild_pid=$!
  trap 'kill -- -$prebuild_pid 2>/dev/null || true' EXIT
}
wait_prebuild() {  # asan|tsan: waits for that tree's background build; failing builds fail here
  [[ -n $prebuild_dir ]] || return 0
  local waited=$SECONDS
  while [[ ! -f $prebuild_dir/$1.rc ]]; do sleep 2; done
  say "background $1 build ready (waited $((SECONDS - waited)) s)"
  if [[ $(cat "$prebuild_dir/$1.rc") != 0 ]]; then
    tail -n 60 "$prebuild_dir/log" >&2
    echo "test.sh: the background $1 build failed" >&2
    exit 1
  fi
}
wants_sanitizer_trees() {
  local m
  for m in "${modes[@]}"; do [[ $m == asan || $m == tsan || $m == fuzz ]] && return 0; done
  return 1
}

for mode in "${modes[@]}"; do
  case $mode in
    default)
      say "setup + build (build/)"
      scripts/setup.sh
      wants_sanitizer_trees && start_prebuild
      say "ctest (build/)"
      run_ctest build "${ctest_args[@]}"
      say "formatting (scripts/lint.sh --all --format-only) and API reference (scripts/docs.sh)"
      scripts/lint.sh --all --format-only
      scripts/docs.sh
      ;;
    asan|tsan)
      wait_prebuild "$mode"
      say "mode sanitize ($mode)"
      mode_started=$SECONDS
      scripts/test-sanitize.sh "--$mode-only" -- "${ctest_args[@]}"
      say "mode sanitize ($mode) took $((SECONDS - mode_started)) s"
      ;;
    postgres|fuzz)
      [[ $mode == fuzz ]] && wait_prebuild asan
      script=scripts/test-$mode.sh
      if [[ ! -x $script ]]; then
        echo "test.sh: mode --$mode needs $script, which this checkout does not have" >&2
        exit 2
      fi
      say "mode $mode"
      mode_started=$SECONDS
      "$script" "${ctest_args[@]}"
      say "mode $mode took $((SECONDS - mode_started)) s"
      ;;
  esac
done
say "all tests passed in $((SECONDS - started)) s"

#!/usr/bin/env bash
# Runs every test. Installs and builds first (scripts/setup.sh) when needed.
#
#   scripts/test.sh              unit + integration (real mlflow server) + Python + pipeline tests
#   scripts/test.sh --sanitize   the same suites under ASan+UBSan, then ThreadSanitizer
#   scripts/test.sh --postgres   the integration suites against a PostgreSQL backend store
#   scripts/test.sh --fuzz       each libFuzzer target for FUZZ_SECONDS (default 60)
#   scripts/test.sh --all        all of the above (what .ci/run does)
# Extra arguments after -- go to ctest (e.g. -- -R tracking).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

modes=()
ctest_args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --sanitize|--postgres|--fuzz|--default) modes+=("${1#--}") ;;
    --all) modes+=(default sanitize postgres fuzz) ;;
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

for mode in "${modes[@]}"; do
  case $mode in
    default)
      say "setup + build (build/)"
      scripts/setup.sh
      say "ctest (build/)"
      run_ctest build "${ctest_args[@]}"
      ;;
    sanitize|postgres|fuzz)
      script=scripts/test-$mode.sh
      if [[ ! -x $script ]]; then
        echo "test.sh: mode --$mode needs $script, which this checkout does not have" >&2
        exit 2
      fi
      say "mode $mode"
      "$script" "${ctest_args[@]}"
      ;;
  esac
done
say "all tests passed in $((SECONDS - started)) s"

#!/usr/bin/env bash
# The unit and integration suites under AddressSanitizer+UndefinedBehaviorSanitizer
# (build-asan/, clang, shared with the fuzzers: scripts/asan-build.sh), then the concurrent parts under ThreadSanitizer (build-tsan/): the transport,
# the fluent layer (async logger, journal), the prediction server (hot reload, HTTP front) and
# the reliability suites (fault proxy, outage scenarios, server abuse).
# Any sanitizer report fails the run; the only suppressions are those in tests/sanitizers/,
# each listed and justified in docs/reliability.md.
#
#   scripts/test-sanitize.sh [--asan-only|--tsan-only] [--build-only] [-- ctest args]
# --build-only configures and builds the trees without running anything (scripts/test.sh --all
# builds them at the lowest CPU priority while the default suites run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
phases=(asan tsan)
build_only=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --asan-only) phases=(asan) ;;
    --tsan-only) phases=(tsan) ;;
    --build-only) build_only=1 ;;
    --) shift; break ;;
    *) echo "test-sanitize.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
scripts/setup.sh --no-build

# The heaviest volume scenarios (100,000 async points, 50,000 under faults, 30,000 journaled before
# SIGKILL) run on a tenth of their points: the same code paths, and the instrumented client is
# several times slower.
export MLFLOWCPP_TEST_SCALE=${MLFLOWCPP_TEST_SCALE:-0.1}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
common=(-G Ninja -DCMAKE_BUILD_TYPE=Debug -DMLFLOWCPP_BUILD_BENCH=OFF -DMLFLOWCPP_BUILD_EXAMPLES=OFF
  -DMLFLOWCPP_INSTALL=OFF -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1")
supp=$root/tests/sanitizers
started=$SECONDS

for phase in "${phases[@]}"; do
  phase_started=$SECONDS
  if [[ $phase == asan ]]; then
    export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_EXTRA:+:$UBSAN_EXTRA}"
    [[ -f $supp/lsan.supp ]] && export LSAN_OPTIONS="suppressions=$supp/lsan.supp"
    [[ -f $supp/ubsan.supp ]] && export UBSAN_OPTIONS="$UBSAN_OPTIONS:suppressions=$supp/ubsan.supp"
    say "ASan+UBSan build (build-asan/)"
    scripts/asan-build.sh
    [[ $build_only -eq 1 ]] && continue
    say "ASan+UBSan build took $((SECONDS - phase_started)) s; running the suites"
    (cd build-asan && ctest --output-on-failure -L 'unit|integration' -E 'python|pipeline|examples' "$@")
    unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
  else
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1${TSAN_EXTRA:+:$TSAN_EXTRA}"
    [[ -f $supp/tsan.supp ]] && export TSAN_OPTIONS="$TSAN_OPTIONS:suppressions=$supp/tsan.supp"
    # The concurrent parts: the transport's connection pool, the async logger and journal
    # (unit + integration fluent), the prediction server with hot reload under load (unit +
    # integration server), and the server-abuse suite (reload every 5 ms under 6 clients).
    tsan_tests='^(unit_(transport|fluent|server|reliability)|integration_(fluent|server))$'
    say "ThreadSanitizer build (build-tsan/): tests matching $tsan_tests"
    [[ -f build-tsan/build.ninja ]] || cmake -S . -B build-tsan "${common[@]}" -DMLFLOWCPP_SANITIZE=thread
    targets=$(cd build-tsan && ninja -t targets all | sed -n 's/^\(\(unit\|integration\)_[a-z_]*\): phony$/\1/p' | grep -E "$tsan_tests" || true)
    # shellcheck disable=SC2086
    cmake --build build-tsan -j"$(nproc)" --target mlflow-cpp $targets
    [[ $build_only -eq 1 ]] && continue
    say "ThreadSanitizer build took $((SECONDS - phase_started)) s; running the suites"
    (cd build-tsan && ctest --output-on-failure -R "$tsan_tests" -L 'unit|integration' "$@")
  fi
  say "$phase phase took $((SECONDS - phase_started)) s"
done
say "sanitizer runs took $((SECONDS - started)) s"

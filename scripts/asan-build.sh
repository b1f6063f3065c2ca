#!/usr/bin/env bash
# Configures (once) and builds build-asan/: clang, AddressSanitizer+UndefinedBehaviorSanitizer,
# -O0 with line tables, with the libFuzzer targets. One tree serves both scripts/test-sanitize.sh
# (the unit and integration suites) and scripts/test-fuzz.sh (the fuzzers), so CI compiles the
# library under ASan once. The library is also built with -fsanitize=fuzzer-no-link (coverage feedback for the
# fuzzers), which the suites do not notice.
#
#   scripts/asan-build.sh [TARGET...]      default: everything
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "asan-build.sh: $tool not found (scripts/setup.sh installs clang)" >&2; exit 3; }
done
dir=${MLFLOWCPP_ASAN_BUILD_DIR:-build-asan}
# -O0: half the compile time of -O1 under ASan (23 s -> 11 s for a typical test file), which
# decides whether CI fits in its hour; the suites run a scaled-down volume (MLFLOWCPP_TEST_SCALE).
if [[ ! -f $dir/build.ninja ]]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" \
    -DMLFLOWCPP_SANITIZE=address -DMLFLOWCPP_BUILD_FUZZERS=ON -DMLFLOWCPP_BUILD_BENCH=OFF -DMLFLOWCPP_BUILD_EXAMPLES=ON \
    -DMLFLOWCPP_INSTALL=OFF >/dev/null
fi
targets=()
for target in "$@"; do targets+=(--target "$target"); done
cmake --build "$dir" -j"$(nproc)" "${targets[@]}"

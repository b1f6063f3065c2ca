#!/usr/bin/env bash
# libFuzzer targets (tests/fuzz/fuzz_<name>.cc), built with clang under ASan+UBSan in
# build-asan/ (scripts/asan-build.sh, shared with the sanitizer suites), each run for
# FUZZ_SECONDS (default 60) starting from its kept seed corpus
# tests/fuzz/corpus/<name>/. FUZZ_JOBS targets run at once (default: the number of cores).
#
#   scripts/test-fuzz.sh                        every target, 60 s each
#   FUZZ_SECONDS=3600 scripts/test-fuzz.sh tokenizer scoring_request
#
# Scratch (not committed) is build-fuzz/: new inputs the fuzzer finds go to build-fuzz/corpus/<name>/. A crash,
# leak, timeout or sanitizer report fails the run; the input is kept as
# build-fuzz/artifacts/<name>/crash-* (or leak-*, timeout-*): once the bug is fixed, copy it into
# tests/fuzz/corpus/<name>/ and unit_reliability replays it as a regression test from then on.
# Per-target executions and coverage go to build-fuzz/fuzz-summary.txt (docs/reliability.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-$(nproc)}
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

scripts/setup.sh --no-build

started=$SECONDS
say "building the fuzz targets (build-asan/)"
scripts/asan-build.sh fuzzers
say "build took $((SECONDS - started)) s"

if [[ $# -gt 0 ]]; then
  names=("$@")
else
  names=()
  for source in tests/fuzz/fuzz_*.cc; do
    name=$(basename "$source" .cc)
    names+=("${name#fuzz_}")
  done
fi

export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
mkdir -p build-fuzz/logs
run_target() {  # name
  local name=$1
  local kept=tests/fuzz/corpus/$name scratch=build-fuzz/corpus/$name artifacts=build-fuzz/artifacts/$name
  [[ -d $kept ]] || { echo "test-fuzz.sh: no seed corpus $kept" >&2; return 2; }
  mkdir -p "$scratch" "$artifacts"
  # The scratch corpus comes first: libFuzzer writes new inputs there, the kept one stays as committed.
  "build-asan/bin/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$scratch" "$kept" >"build-fuzz/logs/$name.log" 2>&1
}

say "fuzzing ${#names[@]} targets for $seconds s each, $jobs at a time"
fuzz_started=$SECONDS
failed=()
pids=()
pid_names=()
for name in "${names[@]}"; do
  while [[ $(jobs -rp | wc -l) -ge $jobs ]]; do sleep 1; done
  run_target "$name" &
  pids+=($!)
  pid_names+=("$name")
done
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then failed+=("${pid_names[$i]}"); fi
done

summary=build-fuzz/fuzz-summary.txt
printf '%-20s %12s %8s %8s %s\n' target executions cov features corpus >"$summary"
for name in "${names[@]}"; do
  log=build-fuzz/logs/$name.log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(find "build-fuzz/corpus/$name" "tests/fuzz/corpus/$name" -type f 2>/dev/null | wc -l)
  printf '%-20s %12s %8s %8s %s\n' "$name" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$corpus" >>"$summary"
done
cat "$summary" >&2
say "fuzzing took $((SECONDS - fuzz_started)) s (${seconds} s per target)"
if [[ ${#failed[@]} -gt 0 ]]; then
  for name in "${failed[@]}"; do
    echo "test-fuzz.sh: fuzz_$name failed; end of build-fuzz/logs/$name.log:" >&2
    tail -n 40 "build-fuzz/logs/$name.log" >&2
    ls "build-fuzz/artifacts/$name" >&2 || true
  done
  exit 1
fi

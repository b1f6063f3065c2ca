#!/usr/bin/env bash
# Runs the whole sentiment comparison: this project's models and the two scikit-learn
# references on the same split, 1 and 2 threads, and prints the markdown table.
#
#   bench/sentiment/run.sh                # uses build/, .venv/, ../shared/data/...
#   RUNS=3 bench/sentiment/run.sh         # the whole comparison three times, then each run's
#                                         # speed-ups and their median
#   BUILD=build-release bench/sentiment/run.sh
# Each configuration runs in its own process, so "peak MB" is that configuration's peak. The
# machine's speed drifts between runs for both sides alike: compare ratios within a run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD:-$root/build}
data=${DATA:-$root/../shared/data/semeval2017-task4a}
python=${PYTHON:-$root/.venv/bin/python}
out=${OUT:-$build/bench-sentiment}
models=${MODELS:-"baseline linear_svm nb_svm embedding_bag best"}

cmake --build "$build" -j2 --target bench_sentiment
bench="$build/bin/bench_sentiment"
runs=${RUNS:-1}
mkdir -p "$out"
"$bench" --data "$data" --export-split "$out/split"
files=()
for run in $(seq 1 "$runs"); do
  results="$out/results-$run.jsonl"
  : > "$results"
  for threads in 1 2; do
    for model in $models; do
      echo "run $run of $runs: mlflow-cpp $model, $threads thread(s)" >&2
      "$bench" --data "$data" --model "$model" --threads "$threads" >> "$results"
    done
    for model in lr svm; do
      echo "run $run of $runs: scikit-learn $model, $threads thread(s)" >&2
      OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads MKL_NUM_THREADS=$threads \
        "$python" "$here/sklearn_bench.py" --split "$out/split" --model "$model" --threads "$threads" >> "$results"
    done
  done
  files+=("$results")
done
cp "$out/results-1.jsonl" "$out/results.jsonl"
"$python" "$here/report.py" "${files[@]}"

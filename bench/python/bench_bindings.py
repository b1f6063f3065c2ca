#!/usr/bin/env python3
"""Predictions per second through the mlflowcpp bindings vs the same model through mlflow.pyfunc.

    .venv/bin/python bench/python/bench_bindings.py [--model DIR] [--repeat N] [--threads T ...]

The model is the baseline (word 1-2-gram TF-IDF + logistic regression) trained on the SemEval
training files through the bindings, unless --model names a saved model directory. Inputs are
the whole validation file (twitter-2016devtest-A.tsv), raw text to labels, in one batch per
call; each measurement is the median of --repeat calls after one warm-up call. Rows:

  bindings predict_labels             SentimentModel.predict_labels(texts): labels only
  bindings predict_with_probabilities labels + the float32 probability matrix
  mlflow.pyfunc predict               mlflow.pyfunc.load_model(dir).predict(DataFrame):
                                      the same C++ model behind MLflow's PyFuncModel (input
                                      schema enforcement, DataFrame in and out)
  ... single text                     one text per call (latency-bound), 2,000 calls

Prints one Markdown table (the format of docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "semeval2017-task4a"


def median_seconds(fn, repeat):
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="a saved model directory (default: train the baseline)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, os.cpu_count() or 1])
    parser.add_argument("--single-calls", type=int, default=2000)
    args = parser.parse_args()

    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    import mlflow
    import pandas as pd

    import mlflowcpp

    split = mlflowcpp.load_semeval_split(str(DATA))
    texts = split.validation.texts
    with tempfile.TemporaryDirectory() as scratch:
        if args.model:
            model_dir = args.model
            model = mlflowcpp.SentimentModel.load(model_dir)
        else:
            model = mlflowcpp.SentimentModel.train(split.train, config="baseline")
            model_dir = os.path.join(scratch, "model")
            model.save(model_dir)
        frame = pd.DataFrame({"text": texts})
        rows = []

        for threads in args.threads:
            os.environ["MLFLOWCPP_PREDICT_THREADS"] = str(threads)
            pyfunc_model = mlflow.pyfunc.load_model(model_dir)
            measured = [
                ("bindings predict_labels", lambda: model.predict_labels(texts, threads)),
                ("bindings predict_with_probabilities", lambda: model.predict_with_probabilities(texts, threads)),
                ("mlflow.pyfunc predict (DataFrame)", lambda: pyfunc_model.predict(frame)),
            ]
            for name, fn in measured:
                seconds = median_seconds(fn, args.repeat)
                rows.append((name, threads, len(texts), len(texts) / seconds))

        single = texts[: args.single_calls]
        os.environ["MLFLOWCPP_PREDICT_THREADS"] = "1"
        pyfunc_model = mlflow.pyfunc.load_model(model_dir)
        single_frames = [pd.DataFrame({"text": [t]}) for t in single]
        for name, fn in [
            ("bindings predict, single text", lambda: [model.predict(t) for t in single]),
            ("mlflow.pyfunc predict, single-row DataFrame", lambda: [pyfunc_model.predict(f) for f in single_frames]),
        ]:
            seconds = median_seconds(fn, max(1, args.repeat // 2))
            rows.append((name, 1, 1, len(single) / seconds))

    print(f"model: {model.info.model_type}, {len(texts)} validation tweets, mlflow {mlflow.__version__}, "
          f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print()
    print("| path | threads | texts per call | predictions/s |")
    print("|---|---:|---:|---:|")
    for name, threads, batch, rate in rows:
        print(f"| {name} | {threads} | {batch:,} | {rate:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

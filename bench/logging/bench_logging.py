"""Python side of the logging benchmark: the official mlflow client.

    python bench_logging.py MODE --points N [--keys K]     (MLFLOW_TRACKING_URI set)
    python bench_logging.py verify RUN_ID EXPECTED [--keys K] [--at-least]
    python bench_logging.py create-run                      (for the wrk ceiling)
    python bench_logging.py make-bodies RUN_ID COUNT FILE   (for the wrk ceiling)
    python bench_logging.py report RESULTS.jsonl            (the markdown table)

MODE: log_metric (mlflow.log_metric), log_batch (MlflowClient.log_batch, 1000 per call) or
async (mlflow.log_metric(..., synchronous=False), then mlflow.flush_async_logging()). Timing
starts at the first log call and stops when the last call returned / the flush returned.
Prints one JSON line like bench_logging.cc.
"""
import argparse
import json
import statistics
import sys
import time

import mlflow
from mlflow.entities import Metric
from mlflow.tracking import MlflowClient


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0


def measure(mode, points, keys):
    mlflow.set_experiment(f"bench-logging-python-{mode}")
    client = MlflowClient()
    names = [f"metric_{k}" for k in range(keys)]
    calls = []
    with mlflow.start_run() as run:
        run_id = run.info.run_id
        clock = time.perf_counter
        start = clock()
        if mode == "log_metric":
            for i in range(points):
                before = clock()
                mlflow.log_metric(names[i % keys], float(i), step=i // keys)
                calls.append(clock() - before)
        elif mode == "async":
            for i in range(points):
                before = clock()
                mlflow.log_metric(names[i % keys], float(i), step=i // keys, synchronous=False)
                calls.append(clock() - before)
            mlflow.flush_async_logging()
        elif mode == "log_batch":
            for first in range(0, points, 1000):
                before = clock()
                ts = int(time.time() * 1000)
                batch = [Metric(names[i % keys], float(i), ts, i // keys) for i in range(first, min(points, first + 1000))]
                client.log_batch(run_id, metrics=batch, synchronous=True)
                calls.append(clock() - before)
        else:
            raise SystemExit(f"unknown mode {mode}")
        end = clock()
    seconds = end - start
    print(json.dumps({
        "client": "python", "mode": mode, "run_id": run_id, "points": points, "seconds": seconds,
        "points_per_second": points / seconds, "calls": len(calls),
        "call_median_us": statistics.median(calls) * 1e6, "call_p99_us": percentile(calls, 0.99) * 1e6,
    }))


def verify(run_id, expected, keys, at_least=False):
    client = MlflowClient()
    total = 0
    for k in range(keys):
        history = client.get_metric_history(run_id, f"metric_{k}")
        steps = sorted(m.step for m in history)
        # The wrk ceiling replays prebuilt bodies and may end mid-sequence: count only.
        if not at_least and steps != list(range(len(steps))):
            raise SystemExit(f"metric_{k}: steps are not 0..{len(steps) - 1}")
        total += len(history)
    if total < expected or (total != expected and not at_least):
        raise SystemExit(f"run {run_id}: {total} points present, expected {expected}")
    print(json.dumps({"run_id": run_id, "present": total}))


def make_bodies(run_id, count, path, keys=10):
    """COUNT distinct 1000-metric log-batch bodies, one per line (distinct steps: no dedupe)."""
    ts = int(time.time() * 1000)
    with open(path, "w") as out:
        for b in range(count):
            metrics = [{"key": f"metric_{i % keys}", "value": float(b * 1000 + i), "timestamp": ts,
                        "step": (b * 1000 + i) // keys} for i in range(1000)]
            out.write(json.dumps({"run_id": run_id, "metrics": metrics}, separators=(",", ":")) + "\n")


LABELS = {
    ("cpp", "sync-metric"): "mlflow-cpp TrackingApi::LogMetric (sync)",
    ("cpp", "batch"): "mlflow-cpp TrackingApi::LogBatch (1000/call)",
    ("cpp", "async"): "mlflow-cpp ActiveRun::LogMetric (async) + Flush",
    ("python", "log_metric"): "Python mlflow.log_metric (sync)",
    ("python", "log_batch"): "Python MlflowClient.log_batch (1000/call)",
    ("python", "async"): "Python mlflow.log_metric(synchronous=False) + flush",
    ("wrk", "c1"): "server ceiling: wrk, prebuilt 1000-metric bodies, 1 connection",
    ("wrk", "c4"): "server ceiling: wrk, prebuilt 1000-metric bodies, 4 connections",
}


def report(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    by = {(r["client"], r["mode"]): r for r in rows}
    print("| method | points | seconds | points/s (end to end) | call median | call p99 |")
    print("|---|---:|---:|---:|---:|---:|")
    for key, label in LABELS.items():
        r = by.get(key)
        if not r:
            continue
        median = f"{r['call_median_us']:.3g} µs" if r.get("call_median_us") is not None else "—"
        p99 = f"{r['call_p99_us']:.3g} µs" if r.get("call_p99_us") is not None else "—"
        print(f"| {label} | {r['points']} | {r['seconds']:.2f} | {r['points_per_second']:,.0f} | {median} | {p99} |")
    cpp_async = by.get(("cpp", "async"))
    py_sync, py_async = by.get(("python", "log_metric")), by.get(("python", "async"))
    ceilings = [r["points_per_second"] for k, r in by.items() if k[0] == "wrk"]
    print()
    if cpp_async:
        rate = cpp_async["points_per_second"]
        print(f"- async call median: {cpp_async['call_median_us']:.3g} µs (target ≤ 1 µs)")
        if py_sync:
            print(f"- async end to end vs Python sync log_metric: {rate / py_sync['points_per_second']:.0f}× (target ≥ 50×)")
        if py_async:
            print(f"- async end to end vs Python async: {rate / py_async['points_per_second']:.1f}× (target ≥ 3×)")
        if ceilings:
            print(f"- async end to end vs server ceiling ({max(ceilings):,.0f} points/s): "
                  f"{100 * rate / max(ceilings):.0f}% (target ≥ 90%)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode")
    parser.add_argument("args", nargs="*")
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--keys", type=int, default=10)
    parser.add_argument("--at-least", action="store_true")
    a = parser.parse_args()
    if a.mode == "verify":
        verify(a.args[0], int(a.args[1]), a.keys, at_least="--at-least" in sys.argv)
    elif a.mode == "report":
        report(a.args[0])
    elif a.mode == "make-bodies":
        make_bodies(a.args[0], int(a.args[1]), a.args[2], a.keys)
    elif a.mode == "create-run":
        mlflow.set_experiment("bench-logging-ceiling")
        print(MlflowClient().create_run(mlflow.get_experiment_by_name("bench-logging-ceiling").experiment_id).info.run_id)
    else:
        measure(a.mode, a.points, a.keys)


if __name__ == "__main__":
    sys.exit(main())

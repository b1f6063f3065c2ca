"""Turns the JSON lines of bench/sentiment/run.sh into the markdown tables of docs/benchmarks.md.

    python report.py results-1.jsonl [results-2.jsonl ...]

The first file gives the full table (one row per configuration) and the speed-ups over
scikit-learn with the same features. With several files (RUNS=N run.sh), a further table lists
every run's speed-ups and their median: the machine's speed drifts between runs, for both sides
alike, so a ratio is only meaningful within one run.
"""
import json
import statistics
import sys

PAIRS = [("baseline", "lr", "logistic regression, word (1,2) TF-IDF"),
         ("linear_svm", "svm", "linear SVM, word (1,3) + char_wb (2,5) TF-IDF")]


def load(path):
    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def speedups(rows):
    """{(pair label, threads): (train speed-up, prediction speed-up per core, ours, sklearn)}."""
    sk = {(r["model_type"], r["threads"]): r for r in rows if r["impl"] == "scikit-learn"}
    ours = {(r["model"], r["threads"]): r for r in rows if r["impl"] == "mlflow-cpp"}
    result = {}
    for ours_name, sk_name, label in PAIRS:
        for threads in (1, 2):
            a, b = ours.get((ours_name, threads)), sk.get((sk_name, threads))
            if a and b:
                result[(label, threads)] = (b["train_seconds"] / a["train_seconds"],
                                            a["predictions_per_second_per_core"] / b["predictions_per_second_per_core"],
                                            a, b)
    return result


def print_run(rows):
    print("| implementation | model | threads | macro-recall | F1-PN | accuracy | train s (wall) "
          "| train s (CPU) | predictions/s/core | peak MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['impl']} | {r['model']} | {r['threads']} | {r['macro_recall']:.4f} | {r['f1_pn']:.4f} "
              f"| {r['accuracy']:.4f} | {r['train_seconds']:.2f} | {r['train_cpu_seconds']:.2f} "
              f"| {r['predictions_per_second_per_core']:,.0f} | {r['peak_rss_mb']:.0f} |")
    print()
    print("| same features | threads | train speed-up | prediction speed-up (per core) | macro-recall (ours vs sklearn) |")
    print("|---|---:|---:|---:|---:|")
    for (label, threads), (train, predict, a, b) in speedups(rows).items():
        print(f"| {label} | {threads} | {train:.1f}x | {predict:.1f}x "
              f"| {a['macro_recall']:.4f} vs {b['macro_recall']:.4f} |")
    best_ours = max((r for r in rows if r["impl"] == "mlflow-cpp"), key=lambda r: r["macro_recall"], default=None)
    best_sk = max((r for r in rows if r["impl"] == "scikit-learn"), key=lambda r: r["macro_recall"], default=None)
    if best_ours and best_sk:
        delta = 100 * (best_ours["macro_recall"] - best_sk["macro_recall"])
        print(f"\nBest mlflow-cpp model: {best_ours['model']} ({best_ours['macro_recall']:.4f}); best scikit-learn: "
              f"{best_sk['model']} ({best_sk['macro_recall']:.4f}); difference {delta:+.1f} points macro-recall.")


def print_runs(runs):
    per_run = [speedups(rows) for rows in runs]
    cells = [cell for cell in per_run[0] if all(cell in run for run in per_run)]
    print(f"\nSpeed-ups in each of {len(runs)} runs (train / prediction per core) and their median:\n")
    print("| same features | threads | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " | median |")
    print("|---|---:|" + "---|" * len(runs) + "---|")
    for label, threads in cells:
        train = [run[(label, threads)][0] for run in per_run]
        predict = [run[(label, threads)][1] for run in per_run]
        shown = " | ".join(f"{t:.1f}x / {p:.1f}x" for t, p in zip(train, predict))
        print(f"| {label} | {threads} | {shown} | "
              f"{statistics.median(train):.1f}x / {statistics.median(predict):.1f}x |")
    print("\nThe references moved between the runs too (one thread):")
    for _, sk_name, label in PAIRS:
        chosen = [r for rows in runs for r in rows
                  if r["impl"] == "scikit-learn" and r["model_type"] == sk_name and r["threads"] == 1]
        if chosen:
            train = [r["train_seconds"] for r in chosen]
            predict = [r["predictions_per_second_per_core"] for r in chosen]
            print(f"- scikit-learn, {label}: training {min(train):.2f}-{max(train):.2f} s, "
                  f"{min(predict):,.0f}-{max(predict):,.0f} predictions/s")


def main(paths):
    runs = [load(path) for path in paths]
    print_run(runs[0])
    if len(runs) > 1:
        print_runs(runs)


if __name__ == "__main__":
    main(sys.argv[1:])

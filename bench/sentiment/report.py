"""Turns the JSON lines of bench/sentiment/run.sh into the markdown table of docs/benchmarks.md.

    python report.py results.jsonl
"""
import json
import sys


def main(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    print("| implementation | model | threads | macro-recall | F1-PN | accuracy | train s (wall) "
          "| train s (CPU) | predictions/s/core | peak MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['impl']} | {r['model']} | {r['threads']} | {r['macro_recall']:.4f} | {r['f1_pn']:.4f} "
              f"| {r['accuracy']:.4f} | {r['train_seconds']:.2f} | {r['train_cpu_seconds']:.2f} "
              f"| {r['predictions_per_second_per_core']:,.0f} | {r['peak_rss_mb']:.0f} |")
    print()
    sk = {(r["model_type"], r["threads"]): r for r in rows if r["impl"] == "scikit-learn"}
    ours = {(r["model"], r["threads"]): r for r in rows if r["impl"] == "mlflow-cpp"}
    pairs = [("baseline", "lr", "logistic regression, word (1,2) TF-IDF"),
             ("linear_svm", "svm", "linear SVM, word (1,3) + char_wb (2,5) TF-IDF")]
    print("| same features | threads | train speed-up | prediction speed-up (per core) | macro-recall (ours vs sklearn) |")
    print("|---|---:|---:|---:|---:|")
    for ours_name, sk_name, label in pairs:
        for threads in (1, 2):
            a, b = ours.get((ours_name, threads)), sk.get((sk_name, threads))
            if not a or not b:
                continue
            print(f"| {label} | {threads} | {b['train_seconds'] / a['train_seconds']:.1f}x "
                  f"| {a['predictions_per_second_per_core'] / b['predictions_per_second_per_core']:.1f}x "
                  f"| {a['macro_recall']:.4f} vs {b['macro_recall']:.4f} |")
    best_ours = max((r for r in rows if r["impl"] == "mlflow-cpp"), key=lambda r: r["macro_recall"], default=None)
    best_sk = max((r for r in rows if r["impl"] == "scikit-learn"), key=lambda r: r["macro_recall"], default=None)
    if best_ours and best_sk:
        delta = 100 * (best_ours["macro_recall"] - best_sk["macro_recall"])
        print(f"\nBest mlflow-cpp model: {best_ours['model']} ({best_ours['macro_recall']:.4f}); best scikit-learn: "
              f"{best_sk['model']} ({best_sk['macro_recall']:.4f}); difference {delta:+.1f} points macro-recall.")


if __name__ == "__main__":
    main(sys.argv[1])

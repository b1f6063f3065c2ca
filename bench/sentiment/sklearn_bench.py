"""scikit-learn side of the sentiment benchmark (bench/sentiment/run.sh).

Trains one of the two reference pipelines on the split that bench_sentiment exported
(train.jsonl / validation.jsonl, identical cleaning and overlap removal) and prints one JSON
line with the same fields as bench_sentiment: validation quality, training time from raw
text, prediction throughput on one core (whole validation file in one batch, best of
--repeat), and peak memory of this process.

    python sklearn_bench.py --split DIR --model lr|svm --threads N
"""
import argparse
import json
import resource
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, recall_score
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits


def load(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            texts.append(row["text"])
            labels.append(row["label"])
    return texts, labels


def pipeline(name):
    if name == "lr":
        return make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
            LogisticRegression(C=2, max_iter=2000),
        )
    if name == "svm":
        return make_pipeline(
            make_union(
                TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
            ),
            LinearSVC(C=0.1, class_weight="balanced"),
        )
    raise SystemExit(f"unknown model {name!r}")


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", required=True)
    parser.add_argument("--model", required=True, choices=["lr", "svm"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    train_texts, train_labels = load(f"{args.split}/train.jsonl")
    val_texts, val_labels = load(f"{args.split}/validation.jsonl")
    with threadpool_limits(limits=args.threads):
        model = pipeline(args.model)
        wall0, cpu0 = time.perf_counter(), cpu_seconds()
        model.fit(train_texts, train_labels)
        train_seconds, train_cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
    with threadpool_limits(limits=1):
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            predicted = model.predict(val_texts)
            best = min(best, time.perf_counter() - t0)
    names = {"lr": "TfidfVectorizer(1,2) + LogisticRegression(C=2)",
             "svm": "word(1,3) + char_wb(2,5) TF-IDF + LinearSVC(C=0.1, balanced)"}
    line = {
        "impl": "scikit-learn",
        "model": names[args.model],
        "model_type": args.model,
        "threads": args.threads,
        "train_rows": len(train_texts),
        "validation_rows": len(val_texts),
        "features": int(sum(len(getattr(t, "vocabulary_", {})) for t in _vectorizers(model))),
        "macro_recall": recall_score(val_labels, predicted, average="macro"),
        "f1_pn": f1_score(val_labels, predicted, labels=["positive", "negative"], average="macro"),
        "accuracy": accuracy_score(val_labels, predicted),
        "train_seconds": train_seconds,
        "train_cpu_seconds": train_cpu,
        "predict_seconds": best,
        "predictions_per_second_per_core": len(val_texts) / best,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }
    print(json.dumps(line), flush=True)


def _vectorizers(model):
    first = model.steps[0][1]
    if hasattr(first, "transformer_list"):
        return [t for _, t in first.transformer_list]
    return [first]


if __name__ == "__main__":
    main()

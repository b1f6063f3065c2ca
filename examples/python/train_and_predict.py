"""train_and_predict.py: train a tweet sentiment model in C++ from Python, log it, predict.

    export MLFLOW_TRACKING_URI=http://127.0.0.1:5000
    .venv/bin/python examples/python/train_and_predict.py [--data DIR] [--experiment NAME] [--max-train N]

Trains the baseline (logistic regression) on the SemEval training files inside a run: the
config params and per-epoch metrics are logged while it trains, then the validation metrics
and the model directory (artifact `model`, loadable with mlflow.pyfunc). Loads the model back
from its runs:/ URI and prints a prediction per example text. --data defaults to
$MLFLOWCPP_DATA_DIR, else ../shared/data/semeval2017-task4a; --max-train N trains on N tweets.
"""

import argparse
import os

import mlflowcpp

parser = argparse.ArgumentParser()
parser.add_argument("--data", default=os.environ.get("MLFLOWCPP_DATA_DIR", "../shared/data/semeval2017-task4a"))
parser.add_argument("--experiment", default="mlflowcpp-python-train")
parser.add_argument("--max-train", type=int, default=0, help="train on this many tweets (0: all)")
args = parser.parse_args()

split = mlflowcpp.load_semeval_split(args.data)  # train: every file but the validation one
train = split.train
if 0 < args.max_train < len(train):
    step = len(train) / args.max_train  # evenly spaced, so every training file contributes
    texts, labels = train.texts, train.labels  # each property access copies the whole list
    rows = [int(i * step) for i in range(args.max_train)]
    train = mlflowcpp.TextDataset([texts[i] for i in rows], [labels[i] for i in rows], train.classes)

with mlflowcpp.start_run(run_name="python-baseline", experiment_name=args.experiment) as run:
    model = mlflowcpp.SentimentModel.train(train, config="baseline", monitor=split.validation, run=run)
    evaluation = model.evaluate(split.validation)
    run.log_metrics({"validation_macro_recall": evaluation.macro_recall, "validation_accuracy": evaluation.accuracy})
    uri = mlflowcpp.log_model(model, run)  # runs:/<run_id>/model

print(f"run_id={run.run_id}")
print(f"model={uri} validation macro_recall={evaluation.macro_recall:.4f} accuracy={evaluation.accuracy:.4f}")
loaded = mlflowcpp.load_model(uri)  # downloaded once into the local model cache
texts = ["I love this new phone, best purchase ever :)", "worst service ever, never again", "the meeting is at 3pm"]
for text in texts:
    prediction = loaded.predict(text)
    print(f"{prediction.label}\t{text}")

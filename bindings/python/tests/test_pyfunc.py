"""The python_function flavor: MLflow loads C++-trained models and predicts like the CLI."""

from __future__ import annotations

import json
import os
import subprocess

import numpy as np
import pandas as pd
import pytest

import mlflowcpp
from mlflowcpp.pyfunc import SentimentPyfuncModel, texts_from_input


def cli_predictions(cli, model, texts, tmp_path, tracking_uri):
    """`mlflow-cpp predict --format jsonl` on `texts` (one per line): (labels, probability frame)."""
    source = tmp_path / "tweets.txt"
    source.write_text("".join(t + "\n" for t in texts), encoding="utf-8")
    env = dict(os.environ, MLFLOW_TRACKING_URI=tracking_uri)
    done = subprocess.run([str(cli), "predict", "--model", model, "--format", "jsonl", "--input", str(source)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["text"] for row in rows] == texts
    labels = [row["label"] for row in rows]
    probabilities = pd.DataFrame([row["probabilities"] for row in rows])
    return labels, probabilities


def test_registered_model_loads_in_mlflow_and_matches_cli(champion, single_line_tweets, cli, tmp_path,
                                                          tracking_uri):
    import mlflow

    loaded = mlflow.pyfunc.load_model(champion)
    assert loaded.metadata.flavors["python_function"]["loader_module"] == "mlflowcpp.pyfunc"
    frame = loaded.predict(pd.DataFrame({"text": single_line_tweets}))
    assert list(frame.columns) == ["label", "negative", "neutral", "positive"]
    assert len(frame) == 1000

    labels, probabilities = cli_predictions(cli, champion, single_line_tweets, tmp_path, tracking_uri)
    assert frame["label"].tolist() == labels
    for column in ["negative", "neutral", "positive"]:
        assert frame[column].tolist() == probabilities[column].tolist()  # identical, not just close

    raw = loaded.get_raw_model()  # PyFuncModel forwards to SentimentPyfuncModel.get_raw_model()
    assert raw.predict_labels(single_line_tweets) == labels


def test_pyfunc_input_shapes(baseline_model):
    model = SentimentPyfuncModel(baseline_model)
    texts = ["so happy today :)", "this is awful", None]
    expected = baseline_model.predict_labels(["so happy today :)", "this is awful", ""])
    for shape in (
        pd.DataFrame({"text": texts}),
        pd.DataFrame({"tweet": texts}),
        pd.Series(texts),
        {"text": texts},
        [{"text": t} for t in texts],
        texts,
        np.array(texts, dtype=object),
    ):
        assert model.predict(shape)["label"].tolist() == expected
    assert model.predict("just one").shape == (1, 4)
    assert model.predict({"text": "one"}).shape == (1, 4)
    assert model.predict(texts, params={"threads": 1})["label"].tolist() == expected
    with pytest.raises(ValueError):
        texts_from_input(pd.DataFrame({"a": ["x"], "b": ["y"]}))
    with pytest.raises(TypeError):
        texts_from_input(42)


def test_local_directory_loads_with_mlflow(baseline_model, tmp_path):
    import mlflow

    directory = tmp_path / "model"
    baseline_model.save(directory)
    loaded = mlflow.pyfunc.load_model(str(directory))
    texts = ["what a great game", "i hate mondays", "the meeting is at 3pm"]
    frame = loaded.predict(pd.DataFrame({"text": texts}))
    assert frame["label"].tolist() == baseline_model.predict_labels(texts)
    probabilities = baseline_model.predict_proba(texts).astype(np.float64)
    assert np.array_equal(frame[["negative", "neutral", "positive"]].to_numpy(), probabilities)


def test_load_model_from_uri_through_the_cache(champion, client, single_line_tweets):
    model = mlflowcpp.load_model(champion, client=client)
    assert model.labels == ["negative", "neutral", "positive"]
    assert len(model.predict_labels(single_line_tweets[:10])) == 10

"""Sentiment models from Python: train, predict, evaluate, save/load; training logs to a run."""

from __future__ import annotations

import math
import threading
import time

import numpy as np
import pytest

import mlflowcpp
from mlflowcpp import MlflowCppError, SentimentModel, TextDataset


@pytest.fixture(scope="module")
def small_data(semeval_split):
    train, _ = semeval_split
    return TextDataset(train.texts[:3000], train.labels[:3000], name="small")


def test_train_predict_evaluate(semeval_split, baseline_model):
    _, validation = semeval_split
    model = baseline_model
    assert model.labels == ["negative", "neutral", "positive"]
    assert model.info.model_type == "logistic_regression"
    assert model.info.training_examples > 40_000
    assert model.params["model_type"] == "logistic_regression"

    evaluation = model.evaluate(validation)
    assert evaluation.total == len(validation)
    assert 0.55 < evaluation.macro_recall < 1.0
    assert set(evaluation.to_metrics()) >= {"macro_recall", "f1_pn", "accuracy"}

    one = model.predict("I love this, best day ever :)")
    assert one.label == "positive"
    assert math.isclose(sum(one.probabilities), 1.0, rel_tol=1e-5)
    assert one.confidence == max(one.probabilities)

    texts = validation.texts[:500]
    predictions = model.predict(texts)
    labels = model.predict_labels(texts, threads=1)
    assert [p.label for p in predictions] == labels
    probabilities = model.predict_proba(texts)
    assert probabilities.shape == (500, 3) and probabilities.dtype == np.float32
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert [model.labels[i] for i in probabilities.argmax(axis=1)] == labels
    both_labels, both_probabilities = model.predict_with_probabilities(texts)
    assert both_labels == labels and np.array_equal(both_probabilities, probabilities)

    again = mlflowcpp.evaluate(validation.labels, model.predict_labels(validation.texts))
    assert math.isclose(again.macro_recall, evaluation.macro_recall, rel_tol=1e-12)


def test_save_and_load_round_trip(baseline_model, semeval_split, tmp_path):
    _, validation = semeval_split
    directory = tmp_path / "model"
    baseline_model.save(directory, input_examples=["hello"])
    mlmodel = (directory / "MLmodel").read_text()
    assert "loader_module: mlflowcpp.pyfunc" in mlmodel
    assert "mlflow_cpp" in mlmodel
    loaded = SentimentModel.load(directory)
    texts = validation.texts[:300]
    assert np.array_equal(loaded.predict_proba(texts), baseline_model.predict_proba(texts))
    assert mlflowcpp.load_model(directory).predict_labels(texts) == baseline_model.predict_labels(texts)

    restored = SentimentModel.from_bytes(baseline_model.to_bytes())
    assert restored.predict_labels(texts) == baseline_model.predict_labels(texts)
    baseline_model.save_file(tmp_path / "model.bin")
    assert SentimentModel.load(tmp_path / "model.bin").labels == baseline_model.labels


def test_corrupt_model_is_a_clear_error(baseline_model, tmp_path):
    data = baseline_model.to_bytes()
    with pytest.raises(MlflowCppError) as caught:
        SentimentModel.from_bytes(data[: len(data) // 2])
    assert caught.value.error_code == "INVALID_PARAMETER_VALUE"
    with pytest.raises(MlflowCppError) as caught:
        SentimentModel.from_bytes(b"not a model at all")
    assert caught.value.error_code == "INVALID_PARAMETER_VALUE"
    with pytest.raises(MlflowCppError):
        SentimentModel.load(tmp_path / "missing")


def test_training_logs_to_a_run_and_reports_epochs(official, small_data, semeval_split, tracking_uri, experiment_id):
    _, validation = semeval_split
    reports = []
    with mlflowcpp.start_run(experiment_id=experiment_id, tracking_uri=tracking_uri) as run:
        model = SentimentModel.train(small_data, config="logistic_regression",
                                     params={"max_iterations": 20, "threads": 2}, monitor=validation,
                                     run=run, on_epoch=reports.append)
    steps = [r.step for r in reports]
    assert steps and steps == list(range(steps[0], steps[0] + len(steps)))
    assert all(not math.isnan(r.monitor_macro_recall) for r in reports)
    theirs = official.get_run(run.run_id)
    assert theirs.data.params["model_type"] == "logistic_regression"
    assert theirs.data.params["max_iterations"] == "20"
    assert theirs.data.metrics["training_examples"] == len(small_data)
    history = official.get_metric_history(run.run_id, "train_loss")
    assert sorted(m.step for m in history) == steps
    assert model.info.training_examples == len(small_data)


def test_presets_and_params(small_data):
    svm = SentimentModel.train(small_data, config="linear_svm", params={"threads": 1, "seed": 7})
    assert svm.info.model_type == "linear_svm"
    assert svm.params["seed"] == "7"
    with pytest.raises(MlflowCppError) as caught:
        SentimentModel.train(small_data, config="no-such-model")
    assert caught.value.error_code == "INVALID_PARAMETER_VALUE"
    with pytest.raises(MlflowCppError) as caught:
        SentimentModel.train(small_data, params={"no_such_param": 1})
    assert caught.value.error_code == "INVALID_PARAMETER_VALUE"


def test_callback_exception_propagates(small_data):
    def explode(report):
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        SentimentModel.train(small_data, params={"max_iterations": 5, "threads": 1}, on_epoch=explode)


def test_training_and_batch_prediction_release_the_gil(small_data, baseline_model, semeval_split):
    _, validation = semeval_split
    texts = validation.texts * 10

    def count_while(work):
        ticks = 0
        done = threading.Event()
        worker = threading.Thread(target=lambda: (work(), done.set()))
        worker.start()
        while not done.is_set():
            ticks += 1
            time.sleep(0)
        worker.join()
        return ticks

    # The main thread keeps running Python while C++ trains or predicts in the worker.
    assert count_while(lambda: SentimentModel.train(small_data, params={"threads": 1})) > 100
    assert count_while(lambda: baseline_model.predict_labels(texts, threads=1)) > 100


def test_datasets_from_python_and_tables(tmp_path):
    data = TextDataset(["good", "bad", "meh"], ["pos", "neg", "neu"])
    assert data.classes == ["neg", "neu", "pos"]
    assert data.labels == ["pos", "neg", "neu"] and data.label_ids == [2, 0, 1]
    assert len(data) == 3 and len(data.digest()) == 16
    with pytest.raises(ValueError):
        TextDataset(["a"], ["x", "y"])

    table = tmp_path / "t.csv"
    table.write_text('text,label\n"hello, ""world""",positive\nbad day,negative\n,neutral\n')
    loaded, report = mlflowcpp.load_table(table)
    assert loaded.texts == ['hello, "world"', "bad day"]
    assert report.unparsable == 1
    with pytest.raises(MlflowCppError) as caught:
        mlflowcpp.load_table(tmp_path / "missing.csv")
    assert caught.value.error_code == "IO_ERROR"

"""Fluent runs: start_run() as a context manager, asynchronous logging, nesting, failures."""

from __future__ import annotations

import threading

import pytest

import mlflowcpp


def test_context_manager_logs_everything_and_finishes(official, tracking_uri, unique_name):
    name = unique_name("fluent")
    with mlflowcpp.start_run(run_name="async", experiment_name=name, tags={"k": "v"},
                             tracking_uri=tracking_uri) as run:
        assert run.active
        run.log_param("lr", 0.01)
        run.log_params({"epochs": 3, "model": "logreg"})
        run.set_tag("phase", "train")
        run.set_tags({"a": 1})
        for step in range(10_000):
            run.log_metric("loss", 1.0 / (step + 1), step=step)
        run.log_metrics({"acc": 0.5, "f1": 0.25}, step=3)
        run.flush()
        stats = run.logging_stats
        assert stats.dropped == 0 and stats.failed == 0
        run_id = run.run_id
    assert not run.active

    theirs = official.get_run(run_id)
    assert theirs.info.status == "FINISHED"
    assert theirs.info.run_name == "async"
    assert official.get_experiment_by_name(name).experiment_id == theirs.info.experiment_id
    assert theirs.data.params == {"lr": "0.01", "epochs": "3", "model": "logreg"}
    assert theirs.data.tags["k"] == "v"
    assert theirs.data.tags["phase"] == "train"
    assert theirs.data.tags["a"] == "1"
    assert "mlflow.user" in theirs.data.tags
    assert theirs.data.metrics["acc"] == 0.5
    history = official.get_metric_history(run_id, "loss")
    assert sorted(m.step for m in history) == list(range(10_000))


def test_exception_ends_run_failed_and_propagates(official, tracking_uri, experiment_id):
    with pytest.raises(RuntimeError, match="boom"):
        with mlflowcpp.start_run(experiment_id=experiment_id, tracking_uri=tracking_uri) as run:
            run.log_metric("x", 1.0)
            raise RuntimeError("boom")
    theirs = official.get_run(run.run_id)
    assert theirs.info.status == "FAILED"
    assert theirs.data.metrics["x"] == 1.0


def test_nested_runs_record_parent(official, tracking_uri, experiment_id):
    with mlflowcpp.start_run(experiment_id=experiment_id, tracking_uri=tracking_uri) as parent:
        with parent.start_child(run_name="child") as child:
            child.log_metric("m", 2.0)
        with mlflowcpp.start_run(nested=True, tracking_uri=tracking_uri) as implicit:
            pass
    assert official.get_run(child.run_id).data.tags["mlflow.parentRunId"] == parent.run_id
    assert official.get_run(implicit.run_id).data.tags["mlflow.parentRunId"] == parent.run_id
    assert official.get_run(child.run_id).info.experiment_id == experiment_id


def test_explicit_end_with_status(official, client, experiment_id):
    run = mlflowcpp.start_run(experiment_id=experiment_id, client=client)
    assert run.destination == client.tracking_uri
    run.log_metric("x", 3.0, step=1, timestamp=1_700_000_000_000)
    run.end("KILLED")
    assert not run.active
    theirs = official.get_run(run.run_id)
    assert theirs.info.status == "KILLED"
    assert [(m.timestamp, m.step) for m in official.get_metric_history(run.run_id, "x")] == [
        (1_700_000_000_000, 1)
    ]
    with pytest.raises(mlflowcpp.MlflowCppError) as caught:
        run.log_metric("x", 1.0)
    assert caught.value.error_code == "INVALID_STATE"


def test_log_from_many_threads(official, tracking_uri, experiment_id):
    with mlflowcpp.start_run(experiment_id=experiment_id, tracking_uri=tracking_uri) as run:
        def worker(key):
            for step in range(2000):
                run.log_metric(key, float(step), step=step)

        threads = [threading.Thread(target=worker, args=(f"k{i}",)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    for i in range(4):
        assert len(official.get_metric_history(run.run_id, f"k{i}")) == 2000


def test_invalid_key_fails_at_the_call(tracking_uri, experiment_id):
    with mlflowcpp.start_run(experiment_id=experiment_id, tracking_uri=tracking_uri) as run:
        with pytest.raises(mlflowcpp.MlflowCppError) as caught:
            run.log_metric("bad key!", 1.0)
        assert caught.value.error_code == "INVALID_PARAMETER_VALUE"


def test_journal_destination_needs_no_server(tmp_path):
    with mlflowcpp.start_run(tracking_uri=f"journal:{tmp_path}", experiment_name="offline") as run:
        run.log_metric("x", 1.0)
        assert run.destination.startswith("journal:")
    assert any(tmp_path.iterdir())

"""The tracking client through the bindings, read back with the official mlflow client."""

from __future__ import annotations

import math
import sys
import time

import mlflowcpp
from mlflowcpp import Metric, Param, RunTag


def test_run_logged_from_python_reads_back_with_official_client(client, official, experiment_id):
    tracking = client.tracking
    run = tracking.create_run(experiment_id, run_name="bindings", tags={"team": "nlp"})
    run_id = run.info.run_id
    assert run.info.status == "RUNNING"
    assert run.info.run_name == "bindings"

    tracking.log_param(run_id, "lr", "0.1")
    tracking.log_metric(run_id, "loss", 0.5, step=1)
    tracking.set_tag(run_id, "stage", "dev")
    now = int(time.time() * 1000)
    tracking.log_batch(
        run_id,
        metrics=[Metric("acc", 0.25 * step, timestamp=now + step, step=step) for step in range(5)]
        + [Metric("weird", math.nan, step=0), Metric("weird", math.inf, step=1)],
        params={"epochs": 3, "model": "logreg"},
        tags=[RunTag("owner", "python")],
    )
    tracking.end_run(run_id)

    theirs = official.get_run(run_id)
    assert theirs.info.status == "FINISHED"
    assert theirs.info.run_name == "bindings"
    assert theirs.data.params == {"lr": "0.1", "epochs": "3", "model": "logreg"}
    assert theirs.data.metrics["loss"] == 0.5
    assert theirs.data.metrics["acc"] == 1.0
    assert theirs.data.tags["team"] == "nlp"
    assert theirs.data.tags["stage"] == "dev"
    assert theirs.data.tags["owner"] == "python"
    history = official.get_metric_history(run_id, "acc")
    assert [(m.step, m.value, m.timestamp) for m in history] == [(s, 0.25 * s, now + s) for s in range(5)]
    weird = sorted(official.get_metric_history(run_id, "weird"), key=lambda m: m.step)
    # The SQL store keeps +inf as the largest double (MLflow's own behaviour).
    assert math.isnan(weird[0].value) and weird[1].value in (math.inf, sys.float_info.max)

    ours = tracking.get_run(run_id)
    assert ours.info.status == "FINISHED"
    assert ours.info.end_time is not None
    assert ours.data.params == theirs.data.params
    assert ours.data.metrics["acc"] == 1.0
    assert {m.key for m in ours.data.metric_list} == {"loss", "acc", "weird"}
    points = tracking.get_metric_history(run_id, "acc")
    assert [(p.step, p.value, p.timestamp) for p in points] == [(s, 0.25 * s, now + s) for s in range(5)]


def test_run_logged_with_official_client_reads_back_through_bindings(client, official, experiment_id):
    run = official.create_run(experiment_id, run_name="from-python")
    official.log_param(run.info.run_id, "k", "v")
    for step in range(3):
        official.log_metric(run.info.run_id, "m", step * 2.0, step=step)
    official.set_terminated(run.info.run_id, "KILLED")

    ours = client.tracking.get_run(run.info.run_id)
    assert ours.info.status == "KILLED"
    assert ours.data.params == {"k": "v"}
    assert [p.value for p in client.tracking.get_metric_history(run.info.run_id, "m")] == [0.0, 2.0, 4.0]


def test_experiments_create_get_search_tag_rename_delete(client, official, unique_name):
    tracking = client.tracking
    name = unique_name("exp")
    exp_id = tracking.create_experiment(name, tags={"purpose": "test"})
    assert tracking.get_or_create_experiment(name) == exp_id
    experiment = tracking.get_experiment(exp_id)
    assert experiment.name == name and experiment.lifecycle_stage == "active"
    assert experiment.tags["purpose"] == "test"
    assert tracking.get_experiment_by_name(name).experiment_id == exp_id

    tracking.set_experiment_tag(exp_id, "owner", "me")
    assert official.get_experiment(exp_id).tags["owner"] == "me"
    tracking.delete_experiment_tag(exp_id, "owner")
    assert "owner" not in official.get_experiment(exp_id).tags

    found = tracking.search_experiments(filter_string=f"name = '{name}'")
    assert [e.experiment_id for e in found] == [exp_id]

    renamed = name + "-renamed"
    tracking.rename_experiment(exp_id, renamed)
    assert official.get_experiment(exp_id).name == renamed
    tracking.delete_experiment(exp_id)
    assert official.get_experiment(exp_id).lifecycle_stage == "deleted"
    assert tracking.search_experiments(filter_string=f"name = '{renamed}'") == []
    deleted = tracking.search_experiments(filter_string=f"name = '{renamed}'", view_type="deleted_only")
    assert [e.experiment_id for e in deleted] == [exp_id]
    tracking.restore_experiment(exp_id)
    assert official.get_experiment(exp_id).lifecycle_stage == "active"


def test_search_runs_with_pages_filter_and_order(client, experiment_id):
    tracking = client.tracking
    ids = []
    for i in range(7):
        run = tracking.create_run(experiment_id, run_name=f"r{i}")
        tracking.log_metric(run.info.run_id, "score", float(i))
        ids.append(run.info.run_id)

    everything = tracking.search_runs([experiment_id], order_by=["metrics.score DESC"])
    assert [r.info.run_id for r in everything] == ids[::-1]
    good = tracking.search_runs([experiment_id], filter_string="metrics.score >= 5")
    assert {r.info.run_id for r in good} == set(ids[5:])

    seen = []
    token = ""
    while True:
        page = tracking.search_runs_page([experiment_id], max_results=3, page_token=token,
                                         order_by=["metrics.score ASC"])
        assert len(page) <= 3
        seen += [r.info.run_id for r in page.items]
        token = page.next_page_token
        if not token:
            break
    assert seen == ids


def test_run_lifecycle_update_delete_restore(client, official, experiment_id):
    tracking = client.tracking
    run = tracking.create_run(experiment_id)
    info = tracking.update_run(run.info.run_id, status="SCHEDULED", run_name="renamed")
    assert info.status == "SCHEDULED" and info.run_name == "renamed"
    tracking.delete_run(run.info.run_id)
    assert official.get_run(run.info.run_id).info.lifecycle_stage == "deleted"
    tracking.restore_run(run.info.run_id)
    assert official.get_run(run.info.run_id).info.lifecycle_stage == "active"
    tracking.set_tag(run.info.run_id, "t", "1")
    tracking.delete_tag(run.info.run_id, "t")
    assert "t" not in official.get_run(run.info.run_id).data.tags


def test_long_history_pages_through(client, official, experiment_id):
    run = client.tracking.create_run(experiment_id)
    metrics = [Metric("x", float(i), timestamp=1_700_000_000_000 + i, step=i) for i in range(2500)]
    client.tracking.log_batch(run.info.run_id, metrics=metrics)
    history = client.tracking.get_metric_history(run.info.run_id, "x")
    assert [(p.step, p.value) for p in history] == [(i, float(i)) for i in range(2500)]
    page = client.tracking.get_metric_history_page(run.info.run_id, "x", max_results=1000)
    assert len(page.items) == 1000 and page.next_page_token
    assert len(official.get_metric_history(run.info.run_id, "x")) == 2500


def test_log_inputs_records_a_dataset(client, official, experiment_id):
    run = client.tracking.create_run(experiment_id)
    dataset = mlflowcpp.Dataset(name="tweets", digest="abc123", source_type="local",
                                source='{"uri": "/data/tweets.tsv"}')
    client.tracking.log_inputs(run.info.run_id,
                               [mlflowcpp.DatasetInput(dataset, tags={"mlflow.data.context": "training"})])
    inputs = official.get_run(run.info.run_id).inputs.dataset_inputs
    assert [(d.dataset.name, d.dataset.digest) for d in inputs] == [("tweets", "abc123")]
    ours = client.tracking.get_run(run.info.run_id).inputs
    assert ours[0].dataset.name == "tweets"
    assert ours[0].tags["mlflow.data.context"] == "training"


def test_entities_are_constructible_and_readable():
    metric = Metric("loss", 0.1, timestamp=5, step=2)
    assert (metric.key, metric.value, metric.timestamp, metric.step) == ("loss", 0.1, 5, 2)
    assert Metric("now", 1.0).timestamp > 1_600_000_000_000
    assert "loss" in repr(metric)
    assert Param("a", "b").value == "b"
    assert RunTag("a", "b").key == "a"

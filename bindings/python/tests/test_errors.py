"""Failures surface as mlflowcpp.MlflowCppError carrying MLflow's error_code and HTTP status."""

from __future__ import annotations

import pickle

import pytest

import mlflowcpp
from mlflowcpp import MlflowCppError


def test_unknown_run_is_resource_does_not_exist(client):
    with pytest.raises(MlflowCppError) as caught:
        client.tracking.get_run("0" * 32)
    error = caught.value
    assert error.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert error.http_status == 404
    assert "0" * 32 in error.message
    assert str(error).startswith("RESOURCE_DOES_NOT_EXIST (HTTP 404): ")


def test_duplicate_experiment_is_resource_already_exists(client, unique_name):
    name = unique_name("dup")
    client.tracking.create_experiment(name)
    with pytest.raises(MlflowCppError) as caught:
        client.tracking.create_experiment(name)
    assert caught.value.error_code == "RESOURCE_ALREADY_EXISTS"
    assert caught.value.http_status == 400


def test_unknown_registered_model(client, unique_name):
    with pytest.raises(MlflowCppError) as caught:
        client.registry.get_registered_model(unique_name("missing-model"))
    assert caught.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert caught.value.http_status == 404


def test_client_side_validation_has_no_http_status(client, experiment_id):
    run = client.tracking.create_run(experiment_id)
    with pytest.raises(MlflowCppError) as caught:
        client.tracking.log_param(run.info.run_id, "bad key!", "1")
    assert caught.value.error_code == "INVALID_PARAMETER_VALUE"
    assert caught.value.http_status == 0


def test_bad_tracking_uri():
    with pytest.raises(MlflowCppError) as caught:
        mlflowcpp.MlflowClient("ftp://example.invalid")
    assert caught.value.error_code == "INVALID_PARAMETER_VALUE"


def test_unreachable_server_is_connection_error(monkeypatch):
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    unreachable = mlflowcpp.MlflowClient("http://127.0.0.1:9")
    with pytest.raises(MlflowCppError) as caught:
        unreachable.tracking.get_experiment("0")
    assert caught.value.error_code == "CONNECTION_ERROR"
    assert caught.value.http_status == 0


def test_exception_class_shape():
    assert issubclass(MlflowCppError, Exception)
    assert MlflowCppError.__module__ == "mlflowcpp"
    error = MlflowCppError("gone", error_code="RESOURCE_DOES_NOT_EXIST", http_status=404)
    assert (error.message, error.error_code, error.http_status) == ("gone", "RESOURCE_DOES_NOT_EXIST", 404)
    assert str(error) == "RESOURCE_DOES_NOT_EXIST (HTTP 404): gone"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.error_code, copy.http_status) == ("gone", "RESOURCE_DOES_NOT_EXIST", 404)
    assert MlflowCppError().error_code == "INTERNAL_ERROR"


def test_bad_enum_string_is_value_error(client):
    with pytest.raises(ValueError):
        client.tracking.end_run("0" * 32, status="DONE")

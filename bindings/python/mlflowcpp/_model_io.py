"""Loading sentiment models from paths or model URIs, and logging them to runs."""

from __future__ import annotations

import os
import tempfile
from typing import Union

from ._core import ActiveRun, MlflowClient, SentimentModel

PathLike = Union[str, "os.PathLike[str]"]

_URI_SCHEMES = ("models:/", "runs:/")


def load_model(model: PathLike, client: MlflowClient | None = None) -> SentimentModel:
    """Loads a sentiment model from a model directory, a model file, or a model URI.

    URIs (``models:/<name>@<alias>``, ``models:/<name>/<version>``, ``models:/<name>/latest``,
    ``runs:/<run_id>/<path>``) are resolved on the tracking server of ``client`` (default:
    ``MlflowClient()``, i.e. ``$MLFLOW_TRACKING_URI``) and downloaded through the local model
    cache, so loading the same version again downloads nothing.
    """
    text = os.fspath(model)
    if text.startswith(_URI_SCHEMES):
        client = client or MlflowClient()
        text = client.model_uris.download_cached(text)
    return SentimentModel.load(text)


def log_model(
    model: SentimentModel,
    run: ActiveRun | str,
    client: MlflowClient | None = None,
    artifact_path: str = "model",
    input_examples: list[str] | None = None,
) -> str:
    """Saves ``model`` as an MLflow model directory into the artifacts of ``run`` (an
    ActiveRun or a run id) under ``artifact_path`` and returns its ``runs:/`` URI, ready for
    ``client.registry.register_model(uri, name)`` and ``mlflow.pyfunc.load_model(uri)``.
    """
    run_id = run if isinstance(run, str) else run.run_id
    if client is None:
        destination = "" if isinstance(run, str) else run.destination
        client = MlflowClient(destination if destination.startswith("http") else "")
    with tempfile.TemporaryDirectory(prefix="mlflowcpp-model-") as staging:
        directory = os.path.join(staging, artifact_path.strip("/").replace("/", "_") or "model")
        model.save(directory, artifact_path=artifact_path, run_id=run_id, input_examples=input_examples or [])
        client.artifacts.log_artifacts(run_id, directory, artifact_path)
    return f"runs:/{run_id}/{artifact_path}"

"""mlflowcpp: Python bindings of mlflow-cpp.

The same C++ client and models the ``mlflow-cpp`` command line tool uses, from Python:

* :class:`MlflowClient` -- a client of one MLflow tracking server, with one object per API
  area: ``client.tracking`` (experiments, runs, logging, metric history), ``client.registry``
  (registered models, versions, aliases, tags), ``client.artifacts`` (upload, list, download)
  and ``client.model_uris`` (``runs:/`` and ``models:/`` URIs, with a local cache).
* :func:`start_run` -- a fluent run as a context manager; its log calls are asynchronous and
  batched in C++.
* :class:`SentimentModel` -- the tweet sentiment classifiers: train, predict (labels and class
  probabilities), evaluate, save and load model directories.
* :mod:`mlflowcpp.pyfunc` -- the ``python_function`` flavor's loader, so that
  ``mlflow.pyfunc.load_model("models:/<name>@champion")`` and ``mlflow models serve`` work on
  models trained in C++.

Every failure raises :class:`MlflowCppError`, carrying MLflow's ``error_code``, the
``http_status`` and the server's ``message``. Network calls, training and batch prediction
release the GIL.
"""

from __future__ import annotations

from . import _core
from ._core import (
    ActiveRun,
    ArtifactRepository,
    ArtifactsApi,
    ClassMetrics,
    Dataset,
    DatasetInput,
    EpochReport,
    Evaluation,
    Experiment,
    ExperimentPage,
    FileInfo,
    FileInfoPage,
    LoadReport,
    LoggingStats,
    Metric,
    MetricPage,
    MlflowClient,
    MlflowCppError,
    ModelInfo,
    ModelOutput,
    ModelUris,
    ModelVersion,
    ModelVersionPage,
    Param,
    Prediction,
    RegisteredModel,
    RegisteredModelPage,
    RegistryApi,
    ResolvedModel,
    Run,
    RunData,
    RunInfo,
    RunPage,
    RunTag,
    SemEvalSplit,
    SentimentModel,
    TextDataset,
    TrackingApi,
    end_active_runs,
    evaluate,
    install_run_signal_handlers,
    load_semeval,
    load_semeval_split,
    load_table,
    start_run,
)
from ._model_io import load_model, log_model

__version__: str = _core.__version__

__all__ = [
    "ActiveRun",
    "ArtifactRepository",
    "ArtifactsApi",
    "ClassMetrics",
    "Dataset",
    "DatasetInput",
    "EpochReport",
    "Evaluation",
    "Experiment",
    "ExperimentPage",
    "FileInfo",
    "FileInfoPage",
    "LoadReport",
    "LoggingStats",
    "Metric",
    "MetricPage",
    "MlflowClient",
    "MlflowCppError",
    "ModelInfo",
    "ModelOutput",
    "ModelUris",
    "ModelVersion",
    "ModelVersionPage",
    "Param",
    "Prediction",
    "RegisteredModel",
    "RegisteredModelPage",
    "RegistryApi",
    "ResolvedModel",
    "Run",
    "RunData",
    "RunInfo",
    "RunPage",
    "RunTag",
    "SemEvalSplit",
    "SentimentModel",
    "TextDataset",
    "TrackingApi",
    "end_active_runs",
    "evaluate",
    "install_run_signal_handlers",
    "load_model",
    "load_semeval",
    "load_semeval_split",
    "load_table",
    "log_model",
    "start_run",
]

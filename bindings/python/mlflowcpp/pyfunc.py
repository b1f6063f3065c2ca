"""The ``python_function`` flavor of mlflow-cpp's sentiment models.

A model directory written by mlflow-cpp (``SentimentModel.save``, ``mlflow-cpp train``) carries
an ``MLmodel`` whose ``python_function`` flavor reads::

    python_function:
      loader_module: mlflowcpp.pyfunc
      data: model.mlcpp

so MLflow's own tools load C++-trained models through this module::

    model = mlflow.pyfunc.load_model("models:/tweet-sentiment@champion")
    model.predict(pd.DataFrame({"text": ["great game!", "worst day ever"]}))

    mlflow models serve -m models:/tweet-sentiment@champion --env-manager local

Predictions are a DataFrame with a ``label`` column and one float64 probability column per
class (named after the labels, in the model's order), the same values ``mlflow-cpp predict
--format jsonl`` prints as ``label`` and ``probabilities``. Prediction runs in C++ on all cores
(``model_config={"threads": N}`` or ``$MLFLOWCPP_PREDICT_THREADS`` to change that) without the GIL.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._core import SentimentModel

__all__ = ["SentimentPyfuncModel", "texts_from_input"]

TEXT_COLUMN = "text"


def texts_from_input(model_input: Any) -> list[str]:
    """The texts to score, from any input pyfunc models accept.

    A DataFrame with a ``text`` column (or a single column of any name), a Series, a string,
    a sequence of strings, a dict ``{"text": [...]}`` / ``{"text": "..."}``, or a list of
    records ``[{"text": ...}]``. Missing values (None, NaN) become empty strings.
    """
    if isinstance(model_input, pd.DataFrame):
        if TEXT_COLUMN in model_input.columns:
            column = model_input[TEXT_COLUMN]
        elif len(model_input.columns) == 1:
            column = model_input.iloc[:, 0]
        else:
            raise ValueError(
                f"expected a '{TEXT_COLUMN}' column, got columns {list(model_input.columns)}")
        values = column.tolist()
    elif isinstance(model_input, pd.Series):
        values = model_input.tolist()
    elif isinstance(model_input, (str, bytes)):
        values = [model_input]
    elif isinstance(model_input, Mapping):
        if TEXT_COLUMN not in model_input:
            raise ValueError(f"expected a '{TEXT_COLUMN}' key, got {sorted(model_input)}")
        value = model_input[TEXT_COLUMN]
        values = [value] if isinstance(value, (str, bytes)) else list(value)
    elif isinstance(model_input, np.ndarray):
        values = model_input.reshape(-1).tolist()
    elif isinstance(model_input, Sequence):
        values = [item[TEXT_COLUMN] if isinstance(item, Mapping) else item for item in model_input]
    else:
        raise TypeError(f"cannot read texts from {type(model_input).__name__}")
    return [_as_text(value) for value in values]


def _as_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value if isinstance(value, str) else str(value)


class SentimentPyfuncModel:
    """What ``mlflow.pyfunc.load_model`` wraps for an mlflow-cpp model."""

    def __init__(self, model: SentimentModel, threads: int = 0):
        self._model = model
        self._threads = threads

    @property
    def labels(self) -> list[str]:
        return list(self._model.labels)

    def get_raw_model(self) -> SentimentModel:
        """The underlying :class:`mlflowcpp.SentimentModel`."""
        return self._model

    def predict(self, model_input: Any, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Labels and class probabilities, one row per input text.

        ``params`` may carry ``threads`` (C++ prediction threads, 0 = all cores); other keys
        are ignored.
        """
        threads = int((params or {}).get("threads", self._threads))
        texts = texts_from_input(model_input)
        labels, probabilities = self._model.predict_with_probabilities(texts, threads)
        frame = pd.DataFrame(probabilities.astype(np.float64), columns=list(self._model.labels))
        frame.insert(0, "label", labels)
        return frame


def _load_pyfunc(data_path: str, model_config: dict[str, Any] | None = None) -> SentimentPyfuncModel:
    """MLflow's loader hook: ``data_path`` is the flavor's ``data`` (model.mlcpp) or the model
    directory."""
    threads = (model_config or {}).get("threads", os.environ.get("MLFLOWCPP_PREDICT_THREADS", 0))
    return SentimentPyfuncModel(SentimentModel.load(data_path), threads=int(threads))

"""Shared fixtures: the real MLflow server, clients, unique names, the tweet data.

The server is the one the CTest fixture `mlflow_server` started: its URI is in
$MLFLOWCPP_TEST_SERVER_DIR/uri (or $MLFLOW_TEST_TRACKING_URI). Run outside ctest with neither
set, the suite starts its own server through tests/support/mlflow_test_server.sh and stops it
at the end.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = REPO_ROOT.parent / "shared" / "data" / "semeval2017-task4a"
VALIDATION_FILE = DATA_DIR / "twitter-2016devtest-A.tsv"
SERVER_SCRIPT = REPO_ROOT / "tests" / "support" / "mlflow_test_server.sh"

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
# Failing calls in tests should fail fast rather than back off for minutes.
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "1")


def _cli_binary() -> Path:
    build_dir = Path(os.environ.get("MLFLOWCPP_BUILD_DIR", REPO_ROOT / "build"))
    return build_dir / "bin" / "mlflow-cpp"


@pytest.fixture(scope="session")
def tracking_uri():
    uri = os.environ.get("MLFLOW_TEST_TRACKING_URI")
    server_dir = os.environ.get("MLFLOWCPP_TEST_SERVER_DIR")
    if not uri and server_dir:
        uri_file = Path(server_dir) / "uri"
        if not uri_file.is_file():
            pytest.fail(f"{uri_file} is missing: is the mlflow_server CTest fixture running?")
        uri = uri_file.read_text().strip()
    if uri:
        os.environ["MLFLOW_TRACKING_URI"] = uri
        yield uri
        return
    own_dir = Path(tempfile.mkdtemp(prefix="mlflowcpp-pytest-server-"))
    subprocess.run(["bash", str(SERVER_SCRIPT), "start", str(own_dir)], check=True)
    try:
        uri = (own_dir / "uri").read_text().strip()
        os.environ["MLFLOW_TRACKING_URI"] = uri
        yield uri
    finally:
        subprocess.run(["bash", str(SERVER_SCRIPT), "stop", str(own_dir)], check=False)


@pytest.fixture(scope="session")
def client(tracking_uri):
    import mlflowcpp

    return mlflowcpp.MlflowClient(tracking_uri)


@pytest.fixture(scope="session")
def official(tracking_uri):
    """The official Python client, against the same server."""
    import mlflow

    mlflow.set_tracking_uri(tracking_uri)
    return mlflow.MlflowClient(tracking_uri)


_counter = itertools.count()
_session = uuid.uuid4().hex[:8]


@pytest.fixture
def unique_name():
    """unique_name("exp") -> "exp-<session>-<n>": unique within and across test runs."""
    return lambda prefix: f"{prefix}-{_session}-{next(_counter)}"


@pytest.fixture
def experiment_id(client, unique_name):
    return client.tracking.create_experiment(unique_name("pytest"))


@pytest.fixture(scope="session")
def validation_tweets():
    """(texts, labels) of the first 1,000 validation tweets that fit on one line."""
    import mlflowcpp

    if not VALIDATION_FILE.is_file():
        pytest.fail(f"the validation data is missing: {VALIDATION_FILE}")
    data, _ = mlflowcpp.load_semeval([str(VALIDATION_FILE)])
    rows = [(t, l) for t, l in zip(data.texts, data.labels) if "\n" not in t and "\r" not in t][:1000]
    assert len(rows) == 1000
    return [t for t, _ in rows], [l for _, l in rows]


@pytest.fixture(scope="session")
def cli():
    binary = _cli_binary()
    if not binary.is_file():
        pytest.fail(f"{binary} is missing: build the project first (scripts/setup.sh)")
    return binary


@pytest.fixture(scope="session")
def semeval_split():
    """The suggested split: (train, validation) TextDatasets, validation tweets removed from train."""
    import mlflowcpp

    if not VALIDATION_FILE.is_file():
        pytest.fail(f"the validation data is missing: {VALIDATION_FILE}")
    split = mlflowcpp.load_semeval_split(str(DATA_DIR))
    return split.train, split.validation


@pytest.fixture(scope="session")
def baseline_model(semeval_split):
    """The baseline trained from Python on the training files (two C++ threads)."""
    import mlflowcpp

    train, _ = semeval_split
    return mlflowcpp.SentimentModel.train(train, config="baseline", params={"threads": 2})


@pytest.fixture(scope="session")
def champion(client, baseline_model, tracking_uri):
    """baseline_model logged to a run, registered, with the alias champion: its models:/ URI."""
    import mlflowcpp

    name = f"tweet-sentiment-{_session}"
    with mlflowcpp.start_run(run_name="pyfunc-fixture", experiment_name=f"pyfunc-{_session}",
                             client=client) as run:
        run_uri = mlflowcpp.log_model(baseline_model, run, client=client)
    version = client.registry.register_model(run_uri, name)
    client.registry.set_registered_model_alias(name, "champion", version.version)
    return f"models:/{name}@champion"


@pytest.fixture(scope="session")
def single_line_tweets(validation_tweets):
    """The 1,000 validation tweets, as the CLI reads them: one per line (none has a newline)."""
    texts, _ = validation_tweets
    assert not any("\n" in t or "\r" in t for t in texts)
    return texts

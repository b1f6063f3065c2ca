"""`mlflow models serve --env-manager local` serves a C++-trained model through mlflowcpp.pyfunc."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post(url, payload, content_type="application/json"):
    request = urllib.request.Request(url, data=payload.encode(), headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture(scope="module")
def served(champion, tracking_uri, tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    mlflow_cli = Path(sys.executable).with_name("mlflow")
    # `mlflow models serve` execs `uvicorn` through the shell: the venv's bin must be on PATH,
    # as it is in an activated venv.
    env = dict(os.environ, MLFLOW_TRACKING_URI=tracking_uri,
               PATH=str(mlflow_cli.parent) + os.pathsep + os.environ.get("PATH", ""))
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [str(mlflow_cli), "models", "serve", "-m", champion, "--env-manager", "local",
             "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(base + "/ping", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("mlflow models serve did not come up:\n" + log.read_text()[-4000:])
            time.sleep(0.5)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_invocations_answers_like_the_bindings(served, baseline_model, single_line_tweets):
    texts = single_line_tweets[:50]
    status, body = _post(served + "/invocations",
                         json.dumps({"dataframe_split": {"columns": ["text"], "data": [[t] for t in texts]}}))
    assert status == 200, body
    rows = body["predictions"]
    assert [row["label"] for row in rows] == baseline_model.predict_labels(texts)
    probabilities = baseline_model.predict_proba(texts)
    for row, expected in zip(rows, probabilities):
        assert [row["negative"], row["neutral"], row["positive"]] == [float(p) for p in expected]

    status, body = _post(served + "/invocations", json.dumps({"dataframe_records": [{"text": texts[0]}]}))
    assert status == 200 and body["predictions"][0]["label"] == rows[0]["label"]
    status, body = _post(served + "/invocations", "text\n" + texts[1].replace('"', '""').join('""') + "\n",
                         content_type="text/csv")
    assert status == 200 and body["predictions"][0]["label"] == rows[1]["label"]


def test_malformed_body_is_400(served):
    status, body = _post(served + "/invocations", "{not json")
    assert status == 400
    assert body.get("error_code")

"""Network calls release the GIL: an in-process Python HTTP server can answer them."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import mlflowcpp


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path.startswith("/api/2.0/mlflow/experiments/get"):
            body = json.dumps({"experiment": {"experiment_id": "7", "name": "in-process",
                                              "lifecycle_stage": "active"}}).encode()
            self.send_response(200)
        else:
            body = json.dumps({"error_code": "ENDPOINT_NOT_FOUND", "message": self.path}).encode()
            self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def in_process_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_network_call_lets_python_threads_run(in_process_server, monkeypatch):
    # Were the GIL held during the request, the server thread above could never answer it.
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_TIMEOUT", "10")
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    client = mlflowcpp.MlflowClient(in_process_server)
    results = []
    caller = threading.Thread(target=lambda: results.append(client.tracking.get_experiment("7")))
    caller.start()
    caller.join(timeout=30)
    assert not caller.is_alive()
    assert results and results[0].name == "in-process"

    with pytest.raises(mlflowcpp.MlflowCppError) as caught:
        client.tracking.get_run("x")
    assert caught.value.error_code == "ENDPOINT_NOT_FOUND" and caught.value.http_status == 404

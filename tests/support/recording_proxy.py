#!/usr/bin/env python3
"""Loopback HTTP(S) proxy for tests: records what arrives, forwards it to the real MLflow server.

MLflow's own server does not check credentials or speak TLS, so the tests put this proxy in
front of it to see exactly which headers the client sends and to terminate TLS with a test
certificate.

    recording_proxy.py --upstream http://127.0.0.1:5000 --record DIR/requests.jsonl
                       --port-file DIR/port [--cert cert.pem --key key.pem] [--fail-first N]

* Listens on 127.0.0.1 on a free port and writes the port to --port-file once it accepts.
* Appends one JSON line per request to --record: {"method", "path", "headers"} (header names
  lower-cased).
* --fail-first N answers the first N requests with 503, a non-JSON (HTML) body and
  `Retry-After: 0` instead of forwarding them: a misbehaving proxy for retry tests.
* Exits when its parent process goes away, so a crashed test never leaves it behind.
Standard library only; run it with the .venv interpreter.
"""

import argparse
import http.client
import http.server
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
              "host", "content-length"}


class Proxy(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, args):
        super().__init__(("127.0.0.1", 0), Handler)
        upstream = urllib.parse.urlsplit(args.upstream)
        self.upstream_host = upstream.hostname
        self.upstream_port = upstream.port or 80
        self.record_path = args.record
        self.fail_remaining = args.fail_first
        self.lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep the test output clean
        pass

    def _respond(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        record = {"method": self.command, "path": self.path,
                  "headers": {name.lower(): value for name, value in self.headers.items()}}
        with self.server.lock:
            with open(self.server.record_path, "a", encoding="utf-8") as out:
                out.write(json.dumps(record) + "\n")
            fail = self.server.fail_remaining > 0
            if fail:
                self.server.fail_remaining -= 1
        if fail:
            page = b"<html><body><h1>503 Service Unavailable</h1>proxy says no</body></html>"
            self._respond(503, [("Content-Type", "text/html"), ("Retry-After", "0")], page)
            return
        upstream = http.client.HTTPConnection(self.server.upstream_host, self.server.upstream_port, timeout=120)
        headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            payload = answer.read()
            passed = [(n, v) for n, v in answer.getheaders() if n.lower() not in HOP_BY_HOP]
            self._respond(answer.status, passed, payload)
        except OSError as error:
            self._respond(502, [("Content-Type", "text/plain")], f"upstream failed: {error}".encode())
        finally:
            upstream.close()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle


def watch_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--record", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()

    server = Proxy(args)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
    open(args.record, "a").close()
    temp = args.port_file + ".tmp"
    with open(temp, "w") as out:
        out.write(str(server.server_address[1]))
    os.replace(temp, args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

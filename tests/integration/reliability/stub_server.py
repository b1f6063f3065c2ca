"""A stub HTTP(S) server for the security tests (security_test.cc).

usage: stub_server.py MODE PORT_FILE [CERT KEY]
  tls   HTTPS with CERT/KEY; answers GET and POST with MLflow's Default experiment as JSON
  echo  plain HTTP; answers every request 500 with the request's headers echoed in a text
        body (what some debugging proxies and WAF error pages do)
Binds 127.0.0.1 on a free port and writes it to PORT_FILE once listening; serves until killed.
"""
import http.server
import json
import os
import ssl
import sys

MODE = sys.argv[1]
EXPERIMENT = json.dumps({"experiment": {"experiment_id": "0", "name": "Default",
                                        "lifecycle_stage": "active"}}).encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if MODE == "echo":
            status, body, kind = 500, ("upstream error; request was:\n" + str(self.headers)).encode(), "text/plain"
        else:
            status, body, kind = 200, EXPERIMENT, "application/json"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if MODE == "tls":
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[3], sys.argv[4])
    server.socket = context.wrap_socket(server.socket, server_side=True)
with open(sys.argv[2] + ".tmp", "w") as out:
    out.write(str(server.server_address[1]))
os.replace(sys.argv[2] + ".tmp", sys.argv[2])
server.serve_forever()

#!/usr/bin/env python3
"""A loopback stand-in for MLflow's proxied artifact service, for tests the real server cannot
stage: multipart uploads (a local artifact store answers NOT_IMPLEMENTED) and a malicious
listing.

    artifact_test_server.py --root DIR --port-file FILE [--evil-listing]

Serves, like `mlflow server --serve-artifacts` (paths relative to DIR):
  GET    /api/2.0/mlflow-artifacts/artifacts?path=P   {"files": [{"path", "is_dir", "file_size"}]}
  GET    /api/2.0/mlflow-artifacts/artifacts/P        file bytes
  PUT    /api/2.0/mlflow-artifacts/artifacts/P        stores the body
  POST   /api/2.0/mlflow-artifacts/mpu/create/D       {"path", "num_parts"} -> {"upload_id", "credentials"}
  POST   /api/2.0/mlflow-artifacts/mpu/complete/D     {"path", "upload_id", "parts"}
  POST   /api/2.0/mlflow-artifacts/mpu/abort/D        {"path", "upload_id"}
  PUT    /presigned/<upload_id>/<part>                 a part (needs the credential's header), -> ETag
  GET    /stats                                        counters, for the test's assertions
With --evil-listing every listing of the root also names "../../etc/x".
Writes its port to FILE once listening; stops on SIGTERM.
"""
import argparse
import hashlib
import json
import os
import shutil
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts"
MPU = "/api/2.0/mlflow-artifacts/mpu/"
CHUNK = 1 << 20


class State:
    def __init__(self, root, evil):
        self.root = root
        self.evil = evil
        self.lock = threading.Lock()
        self.uploads = {}
        self.stats = {"mpu_create": 0, "mpu_complete": 0, "mpu_abort": 0, "part_puts": 0, "single_puts": 0,
                      "parts_with_authorization": 0, "bad_part_token": 0, "next_upload": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=None, content_type="application/json"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, code, message):
        self.reply(status, {"error_code": code, "message": message})

    def local(self, relative):
        path = os.path.normpath(os.path.join(self.state.root, relative))
        if not path.startswith(os.path.normpath(self.state.root)):
            raise ValueError("unsafe path")
        return path

    def read_body_to(self, path):
        remaining = int(self.headers.get("Content-Length", "0"))
        digest = hashlib.md5()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            while remaining > 0:
                chunk = self.rfile.read(min(CHUNK, remaining))
                if not chunk:
                    break
                digest.update(chunk)
                out.write(chunk)
                remaining -= len(chunk)
        return digest.hexdigest()

    def json_body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(length) or b"{}")

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/stats":
            with self.state.lock:
                return self.reply(200, dict(self.state.stats))
        if url.path == ARTIFACTS:
            listed = urllib.parse.parse_qs(url.query).get("path", [""])[0]
            directory = self.local(listed)
            files = []
            if os.path.isdir(directory):
                for name in sorted(os.listdir(directory)):
                    full = os.path.join(directory, name)
                    entry = {"path": name, "is_dir": os.path.isdir(full)}
                    if not entry["is_dir"]:
                        entry["file_size"] = os.path.getsize(full)
                    files.append(entry)
            if self.state.evil and files:
                files.append({"path": "../../etc/x", "is_dir": False, "file_size": 4})
            return self.reply(200, {"files": files} if files else {})
        if url.path.startswith(ARTIFACTS + "/"):
            path = self.local(urllib.parse.unquote(url.path[len(ARTIFACTS) + 1:]))
            if not os.path.isfile(path):
                return self.error(404, "RESOURCE_DOES_NOT_EXIST", "No such artifact")
            size = os.path.getsize(path)
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            with open(path, "rb") as f:
                shutil.copyfileobj(f, self.wfile, CHUNK)
            return None
        return self.error(404, "ENDPOINT_NOT_FOUND", self.path)

    def do_PUT(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/presigned/"):
            _, _, upload_id, part = url.path.split("/")
            with self.state.lock:
                upload = self.state.uploads.get(upload_id)
                self.state.stats["part_puts"] += 1
                if self.headers.get("Authorization"):
                    self.state.stats["parts_with_authorization"] += 1
            if upload is None:
                return self.error(404, "RESOURCE_DOES_NOT_EXIST", "no such upload")
            if self.headers.get("x-upload-token") != upload["token"]:
                with self.state.lock:
                    self.state.stats["bad_part_token"] += 1
                return self.reply(403, b"<Error>SignatureDoesNotMatch</Error>", content_type="application/xml")
            etag = '"' + self.read_body_to(os.path.join(upload["dir"], part)) + '"'
            return self.reply(200, b"", {"ETag": etag})
        if url.path.startswith(ARTIFACTS + "/"):
            path = self.local(urllib.parse.unquote(url.path[len(ARTIFACTS) + 1:]))
            self.read_body_to(path)
            with self.state.lock:
                self.state.stats["single_puts"] += 1
            return self.reply(200, {})
        return self.error(404, "ENDPOINT_NOT_FOUND", self.path)

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if not url.path.startswith(MPU):
            return self.error(404, "ENDPOINT_NOT_FOUND", self.path)
        action, _, directory = url.path[len(MPU):].partition("/")
        directory = urllib.parse.unquote(directory)
        body = self.json_body()
        target = self.local(os.path.join(directory, body["path"]))
        with self.state.lock:
            self.state.stats["mpu_" + action] += 1
        if action == "create":
            with self.state.lock:
                self.state.stats["next_upload"] += 1
                upload_id = "upload-%d" % self.state.stats["next_upload"]
                token = hashlib.md5(upload_id.encode()).hexdigest()
                parts_dir = os.path.join(self.state.root, ".parts", upload_id)
                os.makedirs(parts_dir, exist_ok=True)
                self.state.uploads[upload_id] = {"dir": parts_dir, "token": token, "target": target}
            host = "http://127.0.0.1:%d" % self.server.server_address[1]
            credentials = [{"url": "%s/presigned/%s/%d" % (host, upload_id, n), "part_number": n,
                            "headers": {"x-upload-token": token}} for n in range(1, int(body["num_parts"]) + 1)]
            return self.reply(200, {"upload_id": upload_id, "credentials": credentials})
        upload = self.state.uploads.get(body.get("upload_id"))
        if upload is None or upload["target"] != target:
            return self.error(404, "RESOURCE_DOES_NOT_EXIST", "no such upload")
        if action == "abort":
            shutil.rmtree(upload["dir"], ignore_errors=True)
            return self.reply(200, {})
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            for part in sorted(body["parts"], key=lambda p: int(p["part_number"])):
                part_path = os.path.join(upload["dir"], str(part["part_number"]))
                md5 = hashlib.md5()
                with open(part_path, "rb") as f:
                    for chunk in iter(lambda: f.read(CHUNK), b""):
                        md5.update(chunk)
                        out.write(chunk)
                if part["etag"] != '"' + md5.hexdigest() + '"':
                    return self.error(400, "INVALID_PARAMETER_VALUE", "ETag mismatch for part %s" % part["part_number"])
        shutil.rmtree(upload["dir"], ignore_errors=True)
        return self.reply(200, {})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--evil-listing", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.root, exist_ok=True)
    Handler.state = State(os.path.abspath(args.root), args.evil_listing)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()

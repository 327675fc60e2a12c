# SPDX-License-Identifier: MIT
"""A stand-in of the run callback API on loopback, as far as ``run_client`` uses it.

The shipped WorkflowTemplate's containers run ``run_client`` against
Invenio; tests run those containers' commands for real against this server,
which records what it got and can answer with transient failures, redirects
to storage, and refusals.
"""

import email.parser
import email.policy
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace


class _CallbackApi(BaseHTTPRequestHandler):
    """Routes ``/api/compchem/run/<what>/...`` and ``/storage/<key>``."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._handle("GET")

    def do_PUT(self):
        self._handle("PUT")

    def do_POST(self):
        self._handle("POST")

    def _handle(self, method):
        stub = self.server.stub
        parts = [urllib.parse.unquote(p) for p in self.path.split("/")[1:]]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        authorization = self.headers.get("Authorization")
        stub.calls.append((method, tuple(parts), authorization))
        if parts[0] == "storage":  # where a file download may be redirected
            return self._send(200, stub.files[parts[1]])
        if authorization != f"Bearer {stub.credential}":
            return self._send(401, b"{}")
        route = (method, parts[3])  # /api/compchem/run/<what>/...
        if stub.failures.get(route, 0) > 0:
            stub.failures[route] -= 1
            return self._send(503, b"{}")
        processor = (
            self.headers.get("X-Compchem-Processor"),
            self.headers.get("X-Compchem-Processor-Version"),
        )
        if route == ("GET", "files"):
            key = parts[4]
            if key not in stub.files:
                return self._send(404, b'{"message": "not an input of the run"}')
            if key in stub.redirect:
                location = "/storage/" + urllib.parse.quote(key, safe="")
                return self._send(302, b"", {"Location": location})
            return self._send(200, stub.files[key])
        if route == ("POST", "results"):
            if not stub.batch_endpoint:  # an older API: no such method there
                return self._send(405, b'{"message": "Method Not Allowed"}')
            self._batch(stub, parts[4], body, processor)
        elif route == ("PUT", "results"):
            stub.results[(parts[4], parts[5])] = (body, processor)
        elif route == ("PUT", "metadata"):
            stub.metadata[parts[4]] = (json.loads(body), processor)
        elif route == ("POST", "progress"):
            stub.progress.append(json.loads(body))
        elif route == ("POST", "end"):
            stub.ended.append(json.loads(body))
            return self._send(stub.end_status, b"{}")
        self._send(200, b"{}")

    def _batch(self, stub, source, body, processor):
        """A multipart results request: result parts, metadata, progress."""
        head = f"Content-Type: {self.headers.get('Content-Type')}\r\n\r\n"
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            head.encode() + body
        )
        stub.batches.append(source)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            content = part.get_payload(decode=True)
            if name == "result":
                result = urllib.parse.unquote(part.get_filename())
                stub.results[(source, result)] = (content, processor)
            elif name == "metadata":
                stub.metadata[source] = (json.loads(content), processor)
            elif name == "progress":
                stub.progress.append(json.loads(content))

    def _send(self, status, body, headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class CallbackApiServer:
    """The stand-in on a free loopback port; ``stub`` is its behaviour and record."""

    def __init__(self, credential):
        """Accept calls bearing ``credential`` only."""
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _CallbackApi)
        self._httpd.stub = self.stub = SimpleNamespace(
            url="http://127.0.0.1:%d/api/" % self._httpd.server_address[1],
            credential=credential,
            files={}, redirect=set(), failures={}, end_status=200,  # behaviour
            batch_endpoint=True,
            calls=[], results={}, metadata={}, progress=[], ended=[], batches=[],  # got
        )  # fmt: skip

    def __enter__(self):
        """Serve in a daemon thread; answer the stub."""
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self.stub

    def __exit__(self, *exc):
        """Stop serving."""
        self._httpd.shutdown()
        self._httpd.server_close()

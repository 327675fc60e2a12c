# SPDX-License-Identifier: MIT
"""The fake Argo server's HTTP side: requests in, JSON or streams out.

Streams are chunked like the real server's: NDJSON, or SSE with ``:``
keep-alives when the request accepts ``text/event-stream``; injected faults
(reset, stall, drop, mid-stream error) happen at the socket.
"""

import json
import select
import socket
import struct
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from .argo_queries import ArgoFailure

KEEPALIVE = object()
"""What a stream yields while it has nothing to send."""

STREAMS = (
    "WorkflowService_WorkflowLogs",
    "WorkflowService_PodLogs",
    "WorkflowService_WatchWorkflows",
)


class ArgoHandler(BaseHTTPRequestHandler):
    """One connection to the fake; the server object is ``self.server.fake``."""

    protocol_version = "HTTP/1.1"
    timeout = 30

    def setup(self):
        """No Nagle delay, as Go's servers: small writes leave at once."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):
        """Quiet."""

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PUT(self):
        self._handle("PUT")

    def do_DELETE(self):
        self._handle("DELETE")

    def _handle(self, method):
        fake = self.server.fake
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        fake.requests.append(
            {
                "method": method,
                "path": url.path,
                "query": query,
                "accept": self.headers.get("Accept"),
            }
        )
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        problems = []
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body, problems = None, [f"{method} {url.path}: the body is not JSON"]
        operation, params, found = fake.check_request(
            method, url.path, query, body, self.headers.get("Content-Type")
        )
        problems += found
        if problems:
            for problem in problems:
                fake._violation(problem)
            status = 404 if operation is None else 400
            return self._error(operation, ArgoFailure(status, 3, "; ".join(problems)))
        streaming = operation["operationId"] in STREAMS
        fault = fake._take_fault(method, url.path, streaming)
        if fault and fault["fault"] in ("latency", "status", "reset"):
            fake.pause(fault.get("seconds", 0))
            if fault["fault"] == "reset":
                return self._reset()
            if fault["fault"] == "status":
                headers = (
                    {"Retry-After": str(fault["retry_after"])}
                    if fault.get("retry_after")
                    else {}
                )
                message = fault.get("message") or f"injected HTTP {fault['status']}"
                return self._error(
                    operation, ArgoFailure(fault["status"], 14, message), headers
                )
        if fake._token and self.headers.get("Authorization") != f"Bearer {fake._token}":
            failure = ArgoFailure(
                401,
                16,
                "token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/",
            )
            return self._error(operation, failure)
        try:
            answer = fake.run(operation["operationId"], params, query, body or {})
            if not isinstance(answer, dict):
                answer = iter(answer)
                first = next(answer, None)
        except ArgoFailure as failure:
            return self._error(operation, failure)
        if isinstance(answer, dict):
            return self._json(operation, 200, answer)
        self._stream(operation, first, answer, fault)

    def _send(self, status, body, content_type="application/json", headers=None):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)

    def _json(self, operation, status, body, headers=None):
        self.server.fake.check_response(operation, status, body)
        self._send(status, body, headers=headers)

    def _error(self, operation, failure, headers=None):
        self._json(
            operation,
            failure.status,
            {"code": failure.code, "message": failure.message},
            headers,
        )

    def _reset(self):
        self.connection.setsockopt(
            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
        )
        self.connection.close()
        self.close_connection = True

    def _hang_up(self):
        """End the connection mid-stream (no last chunk), keeping what was sent."""
        self.connection.shutdown(socket.SHUT_RDWR)
        self.connection.close()
        self.close_connection = True

    def _chunk(self, data):
        self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data))

    def _message(self, operation, message, sse):
        """One stream line, checked against the swagger's stream object."""
        self.server.fake.check_response(operation, 200, message, line=True)
        data = json.dumps(message).encode()
        self._chunk(b"data: " + data + b"\n\n" if sse else data + b"\n")

    def _stream(self, operation, first, messages, fault):
        fake = self.server.fake
        accept = self.headers.get("Accept") or ""
        wanted = fake.stream_format or (
            "sse" if "text/event-stream" in accept else "ndjson"
        )
        sse = wanted == "sse"
        self.send_response(200)
        self.send_header(
            "Content-Type", "text/event-stream" if sse else "application/json"
        )
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent, after = 0, (fault or {}).get("after", 0)
        try:
            for message in _chained([first] if first is not None else [], messages):
                if fault and sent == after:
                    if fault["fault"] == "stall":
                        fake.pause(fault.get("seconds", 30))
                    if fault["fault"] in ("stall", "drop"):
                        return self._hang_up()
                    error = {
                        "grpc_code": 14,
                        "http_code": fault.get("status", 503),
                        "message": fault.get("message", "injected stream error"),
                        "http_status": "injected",
                    }
                    self._message(operation, {"error": error}, sse)
                    break
                if message is KEEPALIVE:
                    if sse:
                        self._chunk(b":\n\n")
                        fake.counts["keep-alives"] += 1
                    elif _client_gone(self.connection):
                        return
                    continue
                self._message(operation, message, sse)
                if "error" in message:
                    break
                sent += 1
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self.close_connection = True


def _chained(first, rest):
    yield from first
    yield from rest


def _client_gone(connection):
    """Whether the client closed its end (a quiet NDJSON stream notices only so)."""
    readable, _, _ = select.select([connection], [], [], 0)
    if not readable:
        return False
    try:
        return connection.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True

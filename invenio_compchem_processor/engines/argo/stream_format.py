# SPDX-License-Identifier: MIT
"""Argo Server's streaming responses: newline-delimited JSON or SSE.

The swagger describes a stream as one ``{"result": ..., "error": ...}``
object; the real server sends one such object per line (NDJSON) or per
``data:`` block (SSE, with ``:`` keep-alive comments), and reports failures
after HTTP 200 as an ``{"error": {...}}`` line. This module turns both into
the ``result`` objects, raising the typed error for an ``error`` line and
``EngineUnavailableError`` when the stream breaks off or stalls.
"""

import json

import requests

from ..errors import EngineUnavailableError, error_for_status

SSE = "text/event-stream"

GRPC_TO_HTTP = {
    1: 499,  # Canceled
    2: 500,  # Unknown
    3: 400,  # InvalidArgument
    4: 504,  # DeadlineExceeded
    5: 404,  # NotFound
    6: 409,  # AlreadyExists
    7: 403,  # PermissionDenied
    8: 429,  # ResourceExhausted
    9: 400,  # FailedPrecondition
    10: 409,  # Aborted
    11: 400,  # OutOfRange
    12: 501,  # Unimplemented
    13: 500,  # Internal
    14: 503,  # Unavailable
    15: 500,  # DataLoss
    16: 401,  # Unauthenticated
}
"""grpc-gateway's mapping, for stream errors that carry only a gRPC code."""


def _ndjson(lines):
    for line in lines:
        if line.strip():
            yield line


def _sse(lines):
    data = []
    for line in lines:
        if not line:
            if data:
                yield b"\n".join(data)
                data = []
            continue
        if line.startswith(b":"):
            continue
        name, _, value = line.partition(b":")
        if name == b"data":
            data.append(value[1:] if value.startswith(b" ") else value)
    if data:
        yield b"\n".join(data)


def stream_error(error):
    """The typed error of a mid-stream ``{"error": {...}}`` object."""
    status = error.get("http_code") or GRPC_TO_HTTP.get(error.get("grpc_code"), 500)
    message = error.get("message") or error.get("http_status") or "stream error"
    return error_for_status(int(status), f"Argo Server stream failed: {message}")


def results(response, what):
    """The ``result`` objects of a streaming response, in order.

    ``what`` names the stream in error messages (never the URL's credentials:
    there are none in it, the token travels in a header).
    """
    is_sse = response.headers.get("Content-Type", "").startswith(SSE)
    lines = response.iter_lines(chunk_size=None)
    try:
        for payload in _sse(lines) if is_sse else _ndjson(lines):
            try:
                message = json.loads(payload)
            except ValueError:
                raise EngineUnavailableError(
                    f"Argo Server sent a malformed line in {what}."
                ) from None
            if not isinstance(message, dict):
                continue
            if message.get("error"):
                raise stream_error(message["error"])
            if message.get("result") is not None:
                yield message["result"]
    except requests.RequestException as error:
        stalled = "timed out" in str(error).lower()
        reason = "stalled" if stalled else "broke off"
        raise EngineUnavailableError(
            f"Argo Server's {what} {reason} ({type(error).__name__})."
        ) from None

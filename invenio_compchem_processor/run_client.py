# SPDX-License-Identifier: MIT
"""Run callback client: how a run reads its inputs and writes back, stdlib only.

Every engine talks to Invenio the same way, over the run callback API with
the run's bearer credential (``docs/callbacks.rst``). The local engine imports this
module; in a container it runs as a script with the environment of the
client embedded in the Argo template::

    export API_URL=... RUN_CREDENTIAL=... RUN_FILES='["a.out"]' WORK_DIR=/work
    python3 -m invenio_compchem_processor.run_client download|upload|end

(the steps themselves, on the run's work directory: :mod:`.run_steps`).

The credential is never printed. Transient failures (connection errors,
408/425/429/5xx) are retried with backoff; refusals are not. The results of
one input go in one request with its progress report; progress reports are
sent when they change, at most ``PROGRESS_INTERVAL`` apart, the last one
always.
"""

import http.client
import json
import os
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

TRANSIENT = (408, 425, 429, 500, 502, 503, 504)
CLOSED = (401, 403, 404, 409, 410)
"""Answers to ``end`` that mean the context is already closed (e.g. stopped)."""
BATCH_LIMIT = 16 * 1024**2
"""Bytes of one input's results sent in one request; more go one by one."""
PROGRESS_INTERVAL = 0.5
"""Seconds between two progress reports, except the last one of a step."""
NO_BATCHES = (404, 405)
"""Answers of an API that has no results batch endpoint (an older server)."""


class CallbackError(Exception):
    """A call failed for good: refused, or still failing after the retries."""

    def __init__(self, message, status=None):
        """Keep the HTTP status, if there was an answer."""
        super().__init__(message)
        self.status = status


class Cancelled(Exception):
    """The run was stopped while a call was being made or retried."""


def _q(value):
    return urllib.parse.quote(value, safe="")


class RunClient:
    """Calls of one run to ``{api_url}/compchem/run/...``."""

    def __init__(
        self,
        api_url,
        credential,
        attempts=6,
        delay=2.0,
        timeout=120,
        cancelled=None,
        log=None,
        progress_interval=PROGRESS_INTERVAL,
    ):
        """``cancelled()`` is asked between attempts; ``log(text)`` gets progress lines."""
        self.base = api_url.rstrip("/") + "/compchem/run/"
        self._credential = credential
        self.attempts = attempts
        self.delay = delay
        self.timeout = timeout
        self.cancelled = cancelled or (lambda: False)
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.progress_interval = progress_interval
        self.batches = True
        """False once the API answered that it has no results batch endpoint."""
        self._reported = None
        self._reported_at = None

    def __repr__(self):
        """Never shows the credential."""
        return f"<RunClient {self.base}>"

    def _request(self, method, path, body, content_type, headers):
        request = urllib.request.Request(self.base + path, body, method=method)
        if body is not None:
            request.add_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            if value:
                request.add_header(name, value)
        # Unredirected: never forwarded to a storage redirect.
        request.add_unredirected_header("Authorization", f"Bearer {self._credential}")
        return request

    def call(
        self,
        method,
        path,
        body=None,
        content_type="application/json",
        into=None,
        headers=None,
        ok=(),
    ):
        """One call, retried while transient; returns the HTTP status.

        ``into`` is a path the response body is streamed to (atomically).
        """
        if body is not None and content_type == "application/json":
            body = json.dumps(body).encode()
        problem, status = "not sent", None
        for attempt in range(1, self.attempts + 1):
            if self.cancelled():
                raise Cancelled(f"{method} {path}: the run was stopped")
            request = self._request(method, path, body, content_type, headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    if into:
                        partial = f"{into}.part"
                        with open(partial, "wb") as fp:
                            shutil.copyfileobj(response, fp, 1 << 20)
                        os.replace(partial, into)
                    return response.status
            except urllib.error.HTTPError as error:
                status = error.code
                if error.code in ok:
                    return error.code
                problem = f"HTTP {error.code}{_description(error)}"
                if error.code not in TRANSIENT:
                    break
            except (OSError, http.client.HTTPException) as error:
                reason = getattr(error, "reason", error)
                problem = f"{type(error).__name__}: {reason}"
            if attempt < self.attempts:
                wait = min(60.0, self.delay * 2 ** (attempt - 1))
                self.log(f"{method} {path}: {problem}; retrying in {wait:g} s")
                time.sleep(wait)
        raise CallbackError(f"{method} {path}: {problem}", status)

    def download(self, key, path):
        """An input file's content, to ``path``."""
        self.call("GET", f"files/{_q(key)}/content", into=path)

    def put_result(self, source, name, data, processor=None):
        """A result file derived from ``source``."""
        self.call(
            "PUT",
            f"results/{_q(source)}/{_q(name)}",
            data,
            "application/octet-stream",
            headers=_processor_headers(processor),
        )

    def put_metadata(self, source, document, processor=None):
        """The metadata extracted from ``source`` (a schema-valid summary)."""
        self.call(
            "PUT",
            f"metadata/{_q(source)}",
            document,
            headers=_processor_headers(processor),
        )

    def write_results(self, source, results, metadata=None, processor=None, report=None):
        """The results of ``source``, its metadata and a progress report, in one request.

        ``results`` are ``(name, bytes)``; ``report`` is ``(message, done,
        total)``. Returns whether the report went with them: results over
        ``BATCH_LIMIT``, or an API without the batch endpoint, are sent one
        by one, and the report is then the caller's to send.
        """
        size = sum(len(data) for _, data in results)
        if self.batches and size <= BATCH_LIMIT:
            body, content_type = _multipart(results, metadata, _progress_body(report))
            status = self.call(
                "POST",
                f"results/{_q(source)}",
                body,
                content_type,
                headers=_processor_headers(processor),
                ok=NO_BATCHES,
            )
            if status not in NO_BATCHES:
                if report is not None:
                    self._reported = report
                    self._reported_at = time.monotonic()
                return report is not None
            self.batches = False
            self.log("the API has no results batch endpoint; sending results one by one")
        for name, data in results:
            self.put_result(source, name, data, processor)
        if metadata is not None:
            self.put_metadata(source, metadata, processor)
        return False

    def progress(self, message, done, total, final=False):
        """Best effort: a lost progress report does not fail the run.

        A report equal to the last one is not sent, nor one within
        ``progress_interval`` of the last, unless it is ``final``.
        """
        report = (message, done, total)
        now = time.monotonic()
        if report == self._reported:
            return
        if (
            not final
            and self._reported_at is not None
            and now - self._reported_at < self.progress_interval
        ):
            return
        try:
            self.call("POST", "progress", _progress_body(report))
        except CallbackError as error:
            self.log(f"{error}; ignored")
            return
        self._reported, self._reported_at = report, now

    def end(self, phase):
        """End the run's context; answers ``True`` if it was still open."""
        return self.call("POST", "end", {"phase": phase}, ok=CLOSED) < 300


def _description(error):
    try:
        text = json.loads(error.read() or b"{}").get("message")
    except (ValueError, AttributeError, OSError):
        text = None
    return f" ({text})" if text else ""


def _progress_body(report):
    if report is None:
        return None
    message, done, total = report
    return {"message": message, "progress": {"done": done, "total": total}}


def _multipart(results, metadata, progress):
    """A ``multipart/form-data`` body of results (file name: the percent-encoded result name)."""
    boundary = "compchem-" + os.urandom(16).hex()
    chunks = []

    def part(disposition, content_type, data):
        chunks.append(
            f"--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n"
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        chunks.extend((data, b"\r\n"))

    for name, data in results:
        part(f'name="result"; filename="{_q(name)}"', "application/octet-stream", data)
    if metadata is not None:
        document = json.dumps(metadata).encode()
        part('name="metadata"; filename="metadata.json"', "application/json", document)
    if progress is not None:
        part('name="progress"', "application/json", json.dumps(progress).encode())
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def _processor_headers(processor):
    processor = processor or {}
    return {
        "X-Compchem-Processor": processor.get("name"),
        "X-Compchem-Processor-Version": processor.get("version"),
    }


if __name__ == "__main__":
    from .run_steps import main

    sys.exit(main())

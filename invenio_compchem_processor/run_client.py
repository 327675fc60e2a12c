# SPDX-License-Identifier: MIT
"""Run callback client: how a run reads its inputs and writes back, stdlib only.

Every engine talks to Invenio the same way, over the run callback API with
the run's bearer credential (``docs/callbacks.rst``). The local engine imports this
module; in a container it runs as a script with the environment of the
client embedded in the Argo template::

    export API_URL=... RUN_CREDENTIAL=... RUN_FILES='["a.out"]' WORK_DIR=/work
    python3 -m invenio_compchem_processor.run_client download|upload|end

The credential is never printed. Transient failures (connection errors,
408/425/429/5xx) are retried with backoff; refusals are not.
"""

import glob
import hashlib
import http.client
import json
import os
import re
import shutil
import sys
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

TRANSIENT = (408, 425, 429, 500, 502, 503, 504)
CLOSED = (401, 403, 404, 409, 410)
"""Answers to ``end`` that mean the context is already closed (e.g. stopped)."""
INPUTS_MANIFEST = "inputs.json"
RESULTS_MANIFEST = "results.json"
SUMMARY_SUFFIX = ".summary.json"


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


MAX_KEY_LENGTH = 255
"""Longest file key a result gets (RDM's and most file systems' limit)."""

_SAFE_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,12}$")


def _escape(char):
    if char in "%/\\" or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        return "".join(f"%{byte:02X}" for byte in char.encode())
    return char


def flat_key(key):
    """A draft file key as one plain, non-hidden file name, reversibly.

    ``%``, ``/``, ``\\`` and invisible or control characters are
    percent-encoded, and so is a leading dot: ``x/y.out`` and ``x_y.out``
    stay apart, as do ``.h.out`` and ``h.out``.
    """
    flat = "".join(_escape(char) for char in key)
    return "%2E" + flat[1:] if flat.startswith(".") else flat


def result_name(source_key, suffix):
    """The key of a source's result: its flat key and ``suffix`` (e.g. ``.xyz``).

    Distinct sources never share a result name; a source key too long for
    ``MAX_KEY_LENGTH`` is shortened and made unique by a hash of it.
    """
    flat = flat_key(source_key)
    room = MAX_KEY_LENGTH - len(suffix)
    if len(flat) > room:
        digest = hashlib.sha256(source_key.encode()).hexdigest()[:10]
        flat = f"{flat[: room - 11]}~{digest}"
    return flat + suffix


def result_suffix(source_key, name):
    """The suffix ``name`` adds to ``source_key``'s result name, or None if none does."""
    flat = flat_key(source_key)
    if name.startswith(flat):
        suffix = name[len(flat) :]
    else:
        digest = hashlib.sha256(source_key.encode()).hexdigest()[:10]
        _, marker, suffix = name.partition(f"~{digest}")
        if not marker:
            return None
    if suffix.startswith(".") and result_name(source_key, suffix) == name:
        return suffix
    return None


def local_name(key, number):
    """The name of a run's ``number``-th input in its workspace: never the key.

    Only a plain extension is kept, for processors that read the format from it.
    """
    match = _SAFE_EXTENSION.search(key)
    return f"input-{number}{match.group(0) if match else ''}"


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
    ):
        """``cancelled()`` is asked between attempts; ``log(text)`` gets progress lines."""
        self.base = api_url.rstrip("/") + "/compchem/run/"
        self._credential = credential
        self.attempts = attempts
        self.delay = delay
        self.timeout = timeout
        self.cancelled = cancelled or (lambda: False)
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))

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

    def progress(self, message, done, total):
        """Best effort: a lost progress report does not fail the run."""
        body = {"message": message, "progress": {"done": done, "total": total}}
        try:
            self.call("POST", "progress", body)
        except CallbackError as error:
            self.log(f"{error}; ignored")

    def end(self, phase):
        """End the run's context; answers ``True`` if it was still open."""
        return self.call("POST", "end", {"phase": phase}, ok=CLOSED) < 300


def _description(error):
    try:
        text = json.loads(error.read() or b"{}").get("message")
    except (ValueError, AttributeError, OSError):
        text = None
    return f" ({text})" if text else ""


def _processor_headers(processor):
    processor = processor or {}
    return {
        "X-Compchem-Processor": processor.get("name"),
        "X-Compchem-Processor-Version": processor.get("version"),
    }


def download_inputs(client, keys, work_dir):
    """Download the run's files to ``work_dir/in``; keep which name is which key."""
    if not (
        isinstance(keys, list) and keys and all(isinstance(k, str) and k for k in keys)
    ):
        raise CallbackError("the run's files must be a non-empty list of file keys")
    in_dir = os.path.join(work_dir, "in")
    os.makedirs(in_dir, exist_ok=True)
    names = {}
    for number, key in enumerate(keys, 1):
        name = local_name(key, number)
        client.download(key, os.path.join(in_dir, name))
        names[name] = key
        client.log(f"[{number}/{len(keys)}] {key}: downloaded")
    with open(os.path.join(work_dir, INPUTS_MANIFEST), "w") as fp:
        json.dump(names, fp)
    client.progress(f"Downloaded {len(keys)} file(s)", 0, len(keys))
    return names


def _manifests(work_dir, inputs):
    """Per key, per processor: ``(output dir, manifest entry, processor)``."""
    found = {key: {} for key in inputs.values()}
    pattern = os.path.join(work_dir, "out", "*", RESULTS_MANIFEST)
    for path in sorted(glob.glob(pattern)):
        with open(path) as fp:
            manifest = json.load(fp)
        about = manifest.get("processor") or {}
        name = about.get("name") or os.path.basename(os.path.dirname(path))
        for entry in manifest.get("results") or []:
            key = inputs.get(entry.get("input"))
            if key is not None:
                found[key][name] = (os.path.dirname(path), entry, about)
    return found


def upload_results(client, work_dir):
    """Upload every processor's outputs and each source's summary as metadata.

    Returns ``(message, failed keys)``: a key fails when no processor
    succeeded on it or one reported it failed; the message then gives each
    failed file with the processor's reason, for the depositor.
    """
    with open(os.path.join(work_dir, INPUTS_MANIFEST)) as fp:
        inputs = json.load(fp)
    found = _manifests(work_dir, inputs)
    failed = {}
    for done, (key, by_processor) in enumerate(found.items(), 1):
        ok = bool(by_processor)
        reasons = []
        for out_dir, entry, about in by_processor.values():
            ok = ok and entry.get("status") == "succeeded"
            if entry.get("reason"):
                reasons.append(entry["reason"])
                client.log(f"{key}: {entry['reason']}")
            for output in entry.get("outputs") or []:
                with open(os.path.join(out_dir, output), "rb") as fp:
                    data = fp.read()
                local = entry.get("input", "")
                suffix = output[len(local) :] if output.startswith(local) else ""
                if not suffix.startswith("."):
                    suffix = "." + output
                client.put_result(key, result_name(key, suffix), data, about)
                if output.endswith(SUMMARY_SUFFIX):
                    client.put_metadata(key, json.loads(data), about)
        if not ok:
            failed[key] = "; ".join(reasons) or "no processor produced results"
        client.log(f"[{done}/{len(found)}] {key}: results stored")
        client.progress(f"Stored the results of {key}", done, len(found))
    message = f"{len(found) - len(failed)} of {len(found)} file(s) processed"
    if failed:
        message = "; ".join(f"{key}: {reason}" for key, reason in failed.items())
    client.progress(message, len(found), len(found))
    return message, list(failed)


def main(argv=None):
    """Script entry point: ``download``, ``upload`` or ``end``; returns the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in ("download", "upload", "end"):
        print("usage: run_client download|upload|end", file=sys.stderr)
        return 2
    client = RunClient(
        os.environ["API_URL"],
        os.environ.pop("RUN_CREDENTIAL"),
        attempts=int(os.environ.get("HTTP_ATTEMPTS", "6")),
        delay=float(os.environ.get("HTTP_RETRY_DELAY", "2")),
        log=lambda text: print(text, flush=True),
    )
    work_dir = os.environ.get("WORK_DIR", "/work")
    try:
        if argv[0] == "download":
            download_inputs(client, json.loads(os.environ["RUN_FILES"]), work_dir)
        elif argv[0] == "upload":
            message, failed = upload_results(client, work_dir)
            print(message, flush=True)
            return 1 if failed else 0
        else:
            phase = os.environ.get("RUN_PHASE", "")
            note = "" if client.end(phase) else " (context already closed)"
            print(f"run ended, phase {phase}{note}", flush=True)
    except (CallbackError, ValueError, OSError) as error:
        print(f"{error}; giving up", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

# SPDX-License-Identifier: MIT
"""The Argo engine: runs are Argo Workflows, driven over the Argo Server REST API.

Plain ``requests`` rather than hera: every call gets an explicit (connect,
read) timeout, streams are parsed the way the real server sends them (see
``argo_streams``), and the dependency tree stays small.
"""

import logging
import math
import time
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import requests

from .argo_objects import build_workflow, label_value, parse_time, run_status
from .argo_streams import SSE, results
from .base import LABEL_NAME, LABEL_RECORD, LABEL_WORKFLOW, Engine, LogLine, RunEvent
from .errors import EngineAuthError, EngineUnavailableError, error_for_status

logger = logging.getLogger(__name__)

JSON = "application/json"

LIST_FIELDS = (
    "metadata.continue,metadata.resourceVersion,items.metadata.name,"
    "items.metadata.labels,items.metadata.annotations,items.metadata.resourceVersion,"
    "items.status.phase,items.status.progress,items.status.startedAt,"
    "items.status.finishedAt,items.status.message"
)
"""What a list needs: without it Argo sends every run's spec and nodes."""

GET_FIELDS = (
    "metadata.name,metadata.labels,metadata.annotations,metadata.resourceVersion,"
    "status.phase,status.progress,status.startedAt,status.finishedAt,status.message,"
    "status.nodes"
)
"""What a run's detail needs: its status and nodes, not its spec."""


def _retry_after(value):
    """``Retry-After`` in seconds, from either of its two forms."""
    if not value:
        return None
    if value.strip().isdigit():
        return int(value)
    try:
        delta = parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError):
        return None
    return max(0, math.ceil(delta))


def _verify(value):
    """``VERIFY`` may come from the environment as a string."""
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    return value


class ArgoEngine(Engine):
    """Runs as Argo Workflows in one namespace."""

    name = "argo"

    def __init__(
        self,
        url,
        namespace,
        token=None,
        token_file=None,
        verify=True,
        connect_timeout=3.05,
        read_timeout=30,
        session=None,
        page_size=200,
        watch_attempts=3,
        watch_backoff=0.5,
    ):
        """Configure the client; nothing is sent until the first call.

        ``token_file`` is re-read on every call, so a rotated service-account
        token is picked up without a restart.
        """
        if token and token_file:
            raise ValueError("Give the Argo token or a token file, not both.")
        self.url = url.rstrip("/")
        self.namespace = namespace
        self._token_value = token
        self.token_file = token_file
        self.verify = verify
        self.timeout = (float(connect_timeout), float(read_timeout))
        self.session = session or requests.Session()
        self.page_size = page_size
        self.watch_attempts = watch_attempts
        self.watch_backoff = watch_backoff

    @classmethod
    def from_config(cls, app_config):
        """An engine from the ``COMPCHEM_PROCESSOR_ARGO_*`` settings."""

        def setting(key, default=None):
            return app_config.get(f"COMPCHEM_PROCESSOR_ARGO_{key}", default)

        return cls(
            url=setting("URL"),
            namespace=setting("NAMESPACE", "argo"),
            token=setting("TOKEN"),
            token_file=setting("TOKEN_FILE"),
            verify=_verify(setting("VERIFY", True)),
            connect_timeout=setting("CONNECT_TIMEOUT", 3.05),
            read_timeout=setting("READ_TIMEOUT", 30),
        )

    def __repr__(self):
        """Never shows the token."""
        return f"<ArgoEngine {self.url} namespace={self.namespace}>"

    #
    # Transport
    #
    def _token(self):
        if not self.token_file:
            return self._token_value
        try:
            with open(self.token_file, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as error:
            raise EngineAuthError(
                f"Cannot read the Argo token file {self.token_file}: {error.strerror}"
            ) from None

    def _path(self, collection, *parts):
        segments = (self.namespace, *parts)
        return f"/api/v1/{collection}/" + "/".join(quote(s, safe="") for s in segments)

    def request(self, method, path, params=None, body=None, stream=False, accept=JSON):
        """Send one call; answer the response or raise the typed error."""
        headers = {"Accept": accept}
        token = self._token()
        if token:
            headers["Authorization"] = (
                token if token.startswith("Bearer ") else f"Bearer {token}"
            )
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.url + path,
                params=params,
                json=body,
                headers=headers,
                timeout=self.timeout,
                verify=self.verify,
                stream=stream,
            )
        except requests.Timeout:
            raise EngineUnavailableError(
                f"Argo Server did not answer {method} {path} in time."
            ) from None
        except requests.RequestException as error:
            raise EngineUnavailableError(
                f"Argo Server unreachable for {method} {path} ({type(error).__name__})."
            ) from None
        logger.debug(
            "Argo %s %s -> %s in %.3f s",
            method,
            path,
            response.status_code,
            time.monotonic() - started,
        )
        if response.status_code >= 400:
            raise self._error(response)
        return response

    def _error(self, response):
        try:
            message = response.json().get("message")
        except (ValueError, AttributeError):
            message = None
        finally:
            response.close()
        message = message or f"HTTP {response.status_code} {response.reason}"
        return error_for_status(
            response.status_code,
            message,
            _retry_after(response.headers.get("Retry-After")),
        )

    def _json(self, method, path, params=None, body=None):
        response = self.request(method, path, params=params, body=body)
        try:
            return response.json()
        except ValueError:
            raise EngineUnavailableError(
                f"Argo Server answered {method} {path} with invalid JSON."
            ) from None

    def _selector(self, record_id, workflow=None, names=None):
        selector = f"{LABEL_RECORD}={label_value(record_id)}"
        if workflow:
            selector += f",{LABEL_WORKFLOW}={label_value(workflow)}"
        if names is not None:
            values = ",".join(sorted(label_value(name) for name in names))
            selector += f",{LABEL_NAME} in ({values})"
        return selector

    #
    # Runs
    #
    def submit(self, request):
        """Create the run's Workflow under its explicit name."""
        body = {
            "namespace": self.namespace,
            "workflow": build_workflow(request, self.namespace),
        }
        return run_status(self._json("POST", self._path("workflows"), body=body))

    def list_runs(self, record_id, workflow=None, names=None):
        """A record's runs, projected to the status fields, page by page."""
        if names is not None and not names:
            return []
        params = {
            "listOptions.labelSelector": self._selector(record_id, workflow, names),
            "listOptions.limit": str(self.page_size),
            "fields": LIST_FIELDS,
        }
        runs = []
        while True:
            page = self._json("GET", self._path("workflows"), params=params)
            runs.extend(
                run_status(w, with_steps=False) for w in page.get("items") or ()
            )
            token = (page.get("metadata") or {}).get("continue")
            if not token:
                return runs
            params["listOptions.continue"] = token

    def get_run(self, name):
        """A run with its steps."""
        path = self._path("workflows", name)
        return run_status(self._json("GET", path, params={"fields": GET_FIELDS}))

    def _action(self, name, action, **extra):
        body = {"name": name, "namespace": self.namespace, **extra}
        return run_status(
            self._json("PUT", self._path("workflows", name, action), body=body)
        )

    def _shutdown(self, name, action, **extra):
        """Stop or terminate; a run that already ended is left as it is.

        Argo answers that case with HTTP 500 ("cannot shutdown a completed
        workflow"), which would otherwise read as "engine unavailable".
        """
        try:
            return self._action(name, action, **extra)
        except EngineUnavailableError as error:
            if "cannot shutdown a completed workflow" not in error.message:
                raise
        return self.get_run(name)

    def stop(self, name, message=None):
        """Stop a run; its exit handlers still run.

        Argo only records ``message`` on suspended nodes; it is sent anyway.
        """
        extra = {"message": message} if message else {}
        return self._shutdown(name, "stop", **extra)

    def terminate(self, name):
        """Terminate a run at once, skipping exit handlers."""
        return self._shutdown(name, "terminate")

    def retry(self, name, parameters=None):
        """Retry a Failed or Error run from its failed steps."""
        overrides = [f"{key}={value}" for key, value in (parameters or {}).items()]
        return self._action(
            name, "retry", **({"parameters": overrides} if overrides else {})
        )

    def resubmit(self, name):
        """Argo's resubmit: a copy of the run under a generated name."""
        return self._action(name, "resubmit", memoized=False)

    def delete(self, name):
        """Delete a run's Workflow (and with it its pods)."""
        self._json("DELETE", self._path("workflows", name))

    def max_sequence(self, record_id, workflow):
        """The highest sequence label of the record's runs of a workflow."""
        runs = self.list_runs(record_id, workflow)
        return max((run.sequence or 0 for run in runs), default=0)

    def health(self):
        """The server's version information."""
        return self._json("GET", "/api/v1/version")

    #
    # Streams
    #
    def logs(
        self,
        name,
        step=None,
        tail_lines=None,
        since_seconds=None,
        grep=None,
        follow=False,
        container="main",
    ):
        """Log lines of a run, or of one step's pod.

        A follow stream asks for SSE, whose keep-alives tell a quiet run from
        a stalled connection within the read timeout.
        """
        params = {"logOptions.container": container, "logOptions.timestamps": "true"}
        if tail_lines is not None:
            params["logOptions.tailLines"] = str(int(tail_lines))
        if since_seconds is not None:
            params["logOptions.sinceSeconds"] = str(int(since_seconds))
        if grep:
            params["grep"] = grep
        if follow:
            params["logOptions.follow"] = "true"
        parts = (name, step, "log") if step else (name, "log")
        path = self._path("workflows", *parts)
        accept = SSE if follow else JSON
        with self.request(
            "GET", path, params=params, stream=True, accept=accept
        ) as response:
            for entry in results(response, "log stream"):
                yield self._log_line(entry)

    @staticmethod
    def _log_line(entry):
        content = entry.get("content") or ""
        stamp, _, rest = content.partition(" ")
        timestamp = parse_time(stamp)
        return LogLine(
            step=entry.get("podName"),
            content=rest if timestamp else content,
            timestamp=timestamp,
        )

    def watch(self, record_id=None, resource_version=None):
        """Changes of runs, resuming from the last seen resource version.

        The stream is reopened after it breaks off, stalls or ends; after
        ``watch_attempts`` reopenings without an event in between,
        ``EngineUnavailableError`` is raised.
        """
        selector = self._selector(record_id) if record_id else LABEL_RECORD
        path = f"/api/v1/workflow-events/{quote(self.namespace, safe='')}"
        last, failures = resource_version, 0
        while True:
            params = {"listOptions.labelSelector": selector}
            if last:
                params["listOptions.resourceVersion"] = last
            try:
                with self.request(
                    "GET", path, params, stream=True, accept=SSE
                ) as response:
                    for event in results(response, "watch stream"):
                        workflow = event.get("object") or {}
                        version = (workflow.get("metadata") or {}).get(
                            "resourceVersion"
                        )
                        last, failures = version or last, 0
                        if event.get("type") in ("ADDED", "MODIFIED", "DELETED"):
                            yield RunEvent(event["type"], run_status(workflow))
                reason = "ended"
            except EngineUnavailableError as error:
                reason = error.message
            failures += 1
            if failures > self.watch_attempts:
                raise EngineUnavailableError(
                    f"Argo watch stream lost {failures} times without events: {reason}"
                )
            logger.info("Argo watch stream %s; resuming from %s", reason, last)
            time.sleep(self.watch_backoff * failures)

    #
    # WorkflowTemplates (for `invenio compchem templates push|check`)
    #
    def list_templates(self):
        """The WorkflowTemplates of the namespace."""
        return self._json("GET", self._path("workflow-templates")).get("items") or []

    def get_template(self, name):
        """One WorkflowTemplate; ``RunNotFoundError`` if there is none."""
        return self._json("GET", self._path("workflow-templates", name))

    def create_template(self, manifest):
        """Create a WorkflowTemplate; ``RunAlreadyExistsError`` if it exists."""
        body = {"namespace": self.namespace, "template": manifest}
        return self._json("POST", self._path("workflow-templates"), body=body)

    def update_template(self, manifest):
        """Replace a WorkflowTemplate, on top of its current resource version."""
        name = manifest["metadata"]["name"]
        metadata = dict(manifest["metadata"])
        if not metadata.get("resourceVersion"):
            current = self.get_template(name)
            metadata["resourceVersion"] = current["metadata"]["resourceVersion"]
        body = {
            "namespace": self.namespace,
            "template": {**manifest, "metadata": metadata},
        }
        return self._json("PUT", self._path("workflow-templates", name), body=body)

# SPDX-License-Identifier: MIT
"""Log and workflow-event streams of the Argo engine."""

import logging
import time
from urllib.parse import quote

from ..base import LogLine, RunEvent
from ..errors import EngineUnavailableError
from .client import JSON
from .manifests import LABEL_RECORD, selector
from .statuses import parse_time, run_status
from .stream_format import SSE, results

logger = logging.getLogger(__name__)


def log_line(entry):
    """A ``LogEntry`` of Argo's log stream, with its timestamp split off."""
    content = entry.get("content") or ""
    stamp, _, rest = content.partition(" ")
    timestamp = parse_time(stamp)
    return LogLine(
        step=entry.get("podName"),
        content=rest if timestamp else content,
        timestamp=timestamp,
    )


class ArgoStreams:
    """Logs and watch of the Argo engine; ``self.client`` is its ``ArgoClient``."""

    watch_attempts = 3
    watch_backoff = 0.5

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
        path = self.client.path("workflows", *parts)
        accept = SSE if follow else JSON
        with self.client.request(
            "GET", path, params=params, stream=True, accept=accept
        ) as response:
            for entry in results(response, "log stream"):
                yield log_line(entry)

    def watch(self, record_id=None, version=None):
        """Changes of runs, resuming from the last seen resource version.

        The stream is reopened after it breaks off, stalls or ends; after
        ``watch_attempts`` reopenings without an event in between,
        ``EngineUnavailableError`` is raised.
        """
        labels = selector(record_id) if record_id else LABEL_RECORD
        path = f"/api/v1/workflow-events/{quote(self.client.namespace, safe='')}"
        last, failures = version, 0
        while True:
            params = {"listOptions.labelSelector": labels}
            if last:
                params["listOptions.resourceVersion"] = last
            try:
                with self.client.request(
                    "GET", path, params, stream=True, accept=SSE
                ) as response:
                    for event in results(response, "watch stream"):
                        workflow = event.get("object") or {}
                        seen = (workflow.get("metadata") or {}).get("resourceVersion")
                        last, failures = seen or last, 0
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

# SPDX-License-Identifier: MIT
"""Log and workflow-event streams of the Argo engine."""

import logging
import queue
import threading
import time
from dataclasses import replace
from urllib.parse import quote

from ..base import LogLine, RunEvent
from ..errors import (
    EngineError,
    EngineRunNotFoundError,
    EngineUnavailableError,
)
from .client import JSON
from .manifests import LABEL_RECORD, selector
from .statuses import log_sources, parse_time, run_status
from .stream_format import SSE, results

logger = logging.getLogger(__name__)

LOG_FIELDS = "metadata.name,status.nodes"
"""What finding a run's pods and containers needs."""

EXPIRED = "too old resource version"
"""Kubernetes' 410 Expired, which Argo passes on mid-stream as InvalidArgument."""


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


def merged(streams):
    """The lines of several follow streams as they come, one thread each."""
    lines, ended = queue.Queue(), object()

    def pump(stream):
        try:
            for line in stream:
                lines.put(line)
        except EngineError as error:
            lines.put(error)
        finally:
            lines.put(ended)

    for stream in streams:
        threading.Thread(target=pump, args=(stream,), daemon=True).start()
    running = len(streams)
    while running:
        item = lines.get()
        if item is ended:
            running -= 1
        elif isinstance(item, EngineError):
            raise item
        else:
            yield item


class ArgoStreams:
    """Logs and watch of the Argo engine; ``self.client`` is its ``ArgoClient``."""

    watch_attempts = 3
    watch_backoff = 0.5

    def log_lines(self, name, step, query):
        """Log lines of a run, or of one step (a node id), from the right containers.

        Argo streams one container name per call, and a pod without that
        container gives no line (Kubernetes refuses, Argo only logs it): a
        container set's containers are asked for by their own names. Lines of
        several calls are merged in time order; a follow stream asks for SSE,
        whose keep-alives tell a quiet run from a stalled connection.
        """
        path = self.client.path("workflows", name)
        workflow = self.client.json("GET", path, params={"fields": LOG_FIELDS})
        sources = log_sources(workflow, step)
        if sources is None:
            raise EngineRunNotFoundError(f"Run {name} has no step {step}.", 404)
        steps = {(pod, container): node for pod, container, node in sources}
        params = {"logOptions.timestamps": "true"}
        if query.tail_lines is not None:
            params["logOptions.tailLines"] = str(int(query.tail_lines))
        if query.since_seconds is not None:
            params["logOptions.sinceSeconds"] = str(int(query.since_seconds))
        if query.grep:
            params["grep"] = query.grep
        if query.follow:
            params["logOptions.follow"] = "true"
        if step:
            calls = [(pod, container) for pod, container, _ in sources]
        else:  # one call per container name, for every pod that has it
            names = {"main"} | {container for _, container, _ in sources}
            calls = [(None, container) for container in sorted(names)]
        streams = [
            self._log_stream(name, pod, container, params, query.follow, steps)
            for pod, container in calls
        ]
        if len(streams) == 1:
            yield from streams[0]
        elif query.follow:
            yield from merged(streams)
        else:
            yield from sorted(
                (line for stream in streams for line in stream),
                key=lambda line: (line.timestamp is None, line.timestamp or 0),
            )

    def _log_stream(self, name, pod, container, params, follow, steps):
        parts = (name, pod, "log") if pod else (name, "log")
        path = self.client.path("workflows", *parts)
        params = {**params, "logOptions.container": container}
        with self.client.request(
            "GET", path, params=params, stream=True, accept=SSE if follow else JSON
        ) as response:
            for entry in results(response, "log stream"):
                line = log_line(entry)
                yield replace(line, step=steps.get((line.step, container), line.step))

    def watch(self, record_id=None, version=None):
        """Changes of runs, of one record or of all, resuming after disconnects.

        One connection serves them all (``record_id=None``: every run of the
        repository). The stream is reopened from the last seen resource
        version after it breaks off, stalls or ends; after ``watch_attempts``
        reopenings without an event in between, ``EngineUnavailableError``
        is raised. A version the cluster has compacted away (410 Expired) is
        not an error: the watch starts again from now, and Argo first sends
        every current run as ADDED, so the caller sees the present state.
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
            except EngineError as error:
                if EXPIRED not in error.message and error.status != 410:
                    raise
                logger.info("Argo watch from %s expired; watching from now", last)
                last = None
                continue
            failures += 1
            if failures > self.watch_attempts:
                raise EngineUnavailableError(
                    f"Argo watch stream lost {failures} times without events: {reason}"
                )
            logger.info("Argo watch stream %s; resuming from %s", reason, last)
            time.sleep(self.watch_backoff * failures)

# SPDX-License-Identifier: MIT
"""The fake Argo server's streams: the messages of log and watch streams.

Generators of ``{"result": ...}`` / ``{"error": ...}`` messages, with
``KEEPALIVE`` while there is nothing to send; ``argo_http`` writes them as
NDJSON or SSE.
"""

from .argo_http import KEEPALIVE


def _stream_error(grpc_code, http_code, message, http_status):
    """grpc-gateway's ``StreamError`` object of a failed stream."""
    return {
        "grpc_code": grpc_code,
        "http_code": http_code,
        "message": message,
        "http_status": http_status,
    }


class StreamMessages:
    """Log and watch streams of ``FakeArgoServer`` (its state, keep-alive, stop)."""

    def _log_messages(self, name, pod, first):
        stamps = first("logOptions.timestamps") == "true"
        options = dict(
            pod=pod,
            container=first("logOptions.container", "main"),
            since=(
                int(first("logOptions.sinceSeconds"))
                if first("logOptions.sinceSeconds")
                else None
            ),
            grep=first("grep"),
        )
        tail = first("logOptions.tailLines")
        entries, index = self.state.log_entries(
            name, tail=int(tail) if tail else None, **options
        )
        while True:
            for pod_name, _, when, content in entries:
                text = (
                    f"{when.strftime('%Y-%m-%dT%H:%M:%S.%f')}000Z {content}"
                    if stamps
                    else content
                )
                yield {"result": {"content": text, "podName": pod_name}}
            if first("logOptions.follow") != "true" or self._stopping.is_set():
                return
            if not entries:
                if self.state.finished(name):
                    return
                yield KEEPALIVE
            with self.state.lock:
                if index == len(self.state.logs.get(name, [])):
                    self.state.lock.wait(self.keepalive)
            entries, index = self.state.log_entries(name, start=index, **options)

    def _watch_messages(self, requirements, version):
        if version and int(version) < self.state.compacted:
            # Argo: server/workflow/workflow_server.go, WatchWorkflows sends the
            # headers first; Kubernetes' 410 Expired arrives as an ERROR event
            # whose Status server/utils/errors.go ToStatusError turns into
            # InvalidArgument (410 is not in its map), sent mid-stream.
            message = f"too old resource version: {version} ({self.state.compacted})"
            yield {"error": _stream_error(3, 400, message, "Bad Request")}
            return
        events, current = self.state.events_after(version, requirements)
        while True:
            for _, kind, workflow in events:
                yield {"result": {"type": kind, "object": workflow}}
            if self._stopping.is_set():
                return
            if not events:
                yield KEEPALIVE
            with self.state.lock:
                if self.state._version == current:
                    self.state.lock.wait(self.keepalive)
            events, current = self.state.events_after(str(current), requirements)

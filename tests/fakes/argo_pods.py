# SPDX-License-Identifier: MIT
"""Pod logs of the fake Argo server's workflows.

Each line is stored with its own increasing timestamp, so ``tailLines``,
``sinceSeconds``, ``grep`` and follow streams behave as on a cluster.
"""

import re
from datetime import datetime, timedelta, timezone

TERMINAL = ("Succeeded", "Failed", "Error")


class PodLogs:
    """Log storage for ``ArgoState``; expects its ``lock``, ``logs`` and ``workflow``."""

    def add_log(self, name, pod, lines, container="main"):
        """Append lines to a pod's log, each with its own timestamp."""
        with self.lock:
            self.workflow(name)
            entries = self.logs.setdefault(name, [])
            for line in lines:
                self._clock = max(
                    self._clock + timedelta(microseconds=1), datetime.now(timezone.utc)
                )
                entries.append((pod, container, self._clock, line))
            self.lock.notify_all()

    def known_pods(self, name):
        """Pods of a workflow: those with logs and those of Pod nodes."""
        workflow = self.workflow(name)
        pods = {entry[0] for entry in self.logs.get(name, [])}
        for node in (workflow["status"].get("nodes") or {}).values():
            if node.get("type") == "Pod":
                suffix = node["id"][len(name) + 1 :]
                pods.add(
                    name
                    if node["id"] == name
                    else f"{name}-{node['templateName']}-{suffix}"
                )
        return pods

    def log_entries(
        self,
        name,
        pod=None,
        container="main",
        tail=None,
        since=None,
        grep=None,
        start=0,
    ):
        """Matching log entries from index ``start`` on, and the next index."""
        with self.lock:
            self.workflow(name)
            entries = self.logs.get(name, [])
            chosen = [
                e
                for e in entries[start:]
                if (pod is None or e[0] == pod)
                and e[1] == container
                and (
                    since is None
                    or e[2] >= datetime.now(timezone.utc) - timedelta(seconds=since)
                )
                and (not grep or re.search(grep, e[3]))
            ]
            if tail is not None:
                by_pod = {}
                for entry in chosen:
                    by_pod.setdefault(entry[0], []).append(entry)
                kept = {
                    id(e)
                    for lines in by_pod.values()
                    for e in lines[-tail:]
                    if tail > 0
                }
                chosen = [e for e in chosen if id(e) in kept]
            return chosen, len(entries)

    def finished(self, name):
        """Whether a workflow is gone or done (follow streams end then)."""
        with self.lock:
            workflow = self.workflows.get(name)
            return workflow is None or workflow["status"].get("phase") in TERMINAL

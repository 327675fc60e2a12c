# SPDX-License-Identifier: MIT
"""A run as served: its write-once rows joined with the engine's live state."""

from ..engines.base import Phase

UNKNOWN = "Unknown"
"""Phase served while the engine cannot be asked."""


def _ended(run, facts):
    """Whether the run's context ended after its last (re)start."""
    _, _, ends, last_starts = facts
    run_ends = ends.get(run.id)
    if not run_ends:
        return False
    last_start = last_starts.get(run.id)
    return last_start is None or run_ends[-1].created >= last_start


def is_active(run, facts, status):
    """Whether a run holds its files: known to the engine, unfinished, not ended."""
    if status is None or status.phase.is_terminal:
        return False
    return not _ended(run, facts)


def _time(value):
    return value.isoformat() if value else None


class RunView:
    """Serializes one run for the REST API."""

    def __init__(self, run, facts, status, engine_error=None, report=None):
        """Constructor; ``report`` is the run's own last progress report."""
        self.run = run
        self.facts = facts
        self.status = status
        self.engine_error = engine_error
        self.report = report or {}

    def _status(self):
        files, start_errors, ends, _ = self.facts
        start_error = start_errors.get(self.run.id)
        if start_error is not None:
            return {
                "phase": Phase.NOT_STARTED.value,
                "message": start_error.reason,
                "progress": None,
                "started": None,
                "finished": None,
            }
        if self.status is None:
            if self.engine_error:
                phase, message = UNKNOWN, self.engine_error
            else:
                phase = Phase.NOT_STARTED.value
                message = "The engine has no record of this run."
            return {
                "phase": phase,
                "message": message,
                "progress": None,
                "started": None,
                "finished": None,
            }
        progress = self.status.progress
        if progress is None and self.report.get("progress"):
            reported = self.report["progress"]
            progress = (reported["done"], reported["total"])
        return {
            "phase": self.status.phase.value,
            "message": self.status.message or self.report.get("message") or None,
            "progress": (
                {"done": progress[0], "total": progress[1]} if progress else None
            ),
            "started": _time(self.status.started_at),
            "finished": _time(self.status.finished_at),
        }

    def dump(self, links=None, detail=False):
        """The run as a dict."""
        run = self.run
        files, _, ends, _ = self.facts
        run_ends = ends.get(run.id) or []
        data = {
            "id": run.name,
            "name": run.name,
            "record_id": run.record_id,
            "workflow": run.workflow,
            "sequence": run.sequence,
            "engine": run.engine,
            "trigger": run.trigger,
            "created": _time(run.created),
            "created_by": run.created_by,
            "files": [
                {
                    "key": f.file_key,
                    "checksum": f.checksum,
                    "mimetype": f.mimetype,
                    "size": f.size,
                }
                for f in files.get(run.id, [])
            ],
            "status": self._status(),
            "active": is_active(run, self.facts, self.status),
            "ended": (
                {"reason": run_ends[-1].reason, "at": _time(run_ends[-1].created)}
                if run_ends
                else None
            ),
            "links": links or {},
        }
        if detail:
            steps = self.status.steps if self.status else ()
            data["steps"] = [
                {
                    "id": step.name,
                    "name": step.display_name,
                    "type": step.type,
                    "template": step.template_name,
                    "phase": step.phase.value,
                    "started": _time(step.started_at),
                    "finished": _time(step.finished_at),
                    "message": step.message,
                }
                for step in steps
            ]
        return data

# SPDX-License-Identifier: MIT
"""A run as one value: its write-once rows, latest progress report and engine status.

Every service that shows or decides something about runs loads them here, in
bulk: four queries, one cache round trip and one engine call per record,
whatever the number of runs.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from .engines.base import (
    EngineRunNotFoundError,
    EngineUnavailableError,
    Phase,
    RunStatus,
)
from .models import CompchemRun, CompchemRunStartError
from .progress import latest_reports
from .rows import run_relations, runs_holding_keys

UNKNOWN = "Unknown"
"""Phase served while the engine cannot be asked."""

NO_RECORD_MESSAGE = "The engine has no record of this run."
GONE_MESSAGE = "The engine no longer has this run (it was deleted or cleaned up)."


@dataclass
class Run:
    """One run: what the database recorded and what the engine says now."""

    row: CompchemRun
    files: list = field(default_factory=list)
    """Rows of ``compchem_file``, by key."""
    start_error: Optional[CompchemRunStartError] = None
    ends: list = field(default_factory=list)
    """Rows of ``compchem_run_end``, oldest first."""
    last_start: Optional[datetime] = None
    """When the newest credential was issued (a start or a retry)."""
    report: dict = field(default_factory=dict)
    """The run's own latest progress report."""
    status: Optional[RunStatus] = None
    """The engine's view; None when the engine does not know the run."""
    engine_error: Optional[str] = None
    """Why the engine could not be asked, when it could not."""
    uploads: Optional[dict] = None
    """The draft's current uploads by key (``services.drafts.Upload``), when read."""

    @property
    def name(self):
        """The run's unique name."""
        return self.row.name

    @property
    def record_id(self):
        """The record the run belongs to."""
        return self.row.record_id

    @property
    def file_keys(self):
        """Keys of the run's input files."""
        return [f.file_key for f in self.files]

    def upload_state(self, input_file):
        """How the draft's current upload of an input compares with what the run read.

        ``current`` (the same upload), ``unchanged`` (uploaded again with the
        same content), ``changed`` (other content), ``removed`` (no longer in
        the draft), or None when not known.
        """
        if self.uploads is None:
            return None
        now = self.uploads.get(input_file.file_key)
        if now is None:
            return "removed"
        if now.object_version_id == input_file.object_version_id:
            return "current"
        return "unchanged" if now.checksum == input_file.checksum else "changed"

    @property
    def end(self):
        """The latest end of the run's context, or None."""
        return self.ends[-1] if self.ends else None

    @property
    def context_ended(self):
        """Whether the run's context ended after its last (re)start."""
        if self.end is None:
            return False
        return self.last_start is None or self.end.created >= self.last_start

    @property
    def is_active(self):
        """Whether the run holds its files: known to the engine, unfinished, not ended."""
        if self.status is None or self.status.phase.is_terminal:
            return False
        return not self.context_ended

    @property
    def phase(self):
        """The phase to show: the engine's, or why there is none."""
        if self.start_error is not None:
            return Phase.NOT_STARTED.value
        if self.status is None:
            submitted = self.last_start is not None
            return UNKNOWN if self.engine_error or submitted else Phase.NOT_STARTED.value
        return self.status.phase.value

    @property
    def message(self):
        """The engine's message, else the run's own report, else why there is none."""
        if self.start_error is not None:
            return self.start_error.reason
        if self.status is None:
            if self.engine_error:
                return self.engine_error
            return GONE_MESSAGE if self.last_start is not None else NO_RECORD_MESSAGE
        return self.status.message or self.report.get("message") or None

    @property
    def progress(self):
        """``(done, total)`` from the engine, else from the run's report, or None."""
        if self.status is None or self.start_error is not None:
            return None
        if self.status.progress is not None:
            return self.status.progress
        reported = self.report.get("progress")
        return (reported["done"], reported["total"]) if reported else None

    @property
    def steps(self):
        """The engine's steps (only loaded by :func:`load_run`)."""
        return self.status.steps if self.status and not self.start_error else ()

    @property
    def started_at(self):
        """When the engine started the run."""
        return self.status.started_at if self.status else None

    @property
    def finished_at(self):
        """When the engine finished the run."""
        return self.status.finished_at if self.status else None


def _engine_statuses(engine, rows):
    """Live status of runs, one engine call per record; and why not, if not."""
    by_record = {}
    for row in rows:
        by_record.setdefault(row.record_id, []).append(row.name)
    statuses = {}
    for record_id, names in by_record.items():
        try:
            statuses.update(
                (s.name, s) for s in engine.list_runs(record_id, names=names)
            )
        except EngineUnavailableError as error:
            return statuses, error.message
    return statuses, None


def load_runs(rows, engine, with_status=True):
    """The runs of ``rows`` (``compchem_run``), in the same order."""
    rows = list(rows)
    related = run_relations([row.id for row in rows])
    reports = latest_reports([row.name for row in rows])
    statuses, engine_error = (
        _engine_statuses(engine, rows) if with_status else ({}, None)
    )
    return [
        Run(
            row=row,
            files=related.files.get(row.id, []),
            start_error=related.start_errors.get(row.id),
            ends=related.ends.get(row.id, []),
            last_start=related.last_starts.get(row.id),
            report=reports.get(row.name, {}),
            status=statuses.get(row.name),
            engine_error=engine_error,
        )
        for row in rows
    ]


def load_run(row, engine):
    """One run with its steps (one engine call for the run alone)."""
    run = load_runs([row], engine, with_status=False)[0]
    try:
        run.status = engine.get_run(row.name)
    except EngineRunNotFoundError:
        run.status = None
    return run


def active_runs_holding(record_id, keys, engine, exclude=None):
    """The active runs of a record over any of ``keys``, by name.

    Raises ``EngineUnavailableError`` when the engine cannot say which are
    active: a decision on file locks must not be taken blind.
    """
    holders = {
        row.id: row
        for row, _ in runs_holding_keys(record_id, keys)
        if row.name != exclude
    }
    if not holders:
        return []
    runs = load_runs(sorted(holders.values(), key=lambda r: r.name), engine)
    if runs and runs[0].engine_error:
        raise EngineUnavailableError(runs[0].engine_error)
    return [run for run in runs if run.is_active]


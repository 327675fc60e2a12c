# SPDX-License-Identifier: MIT
"""Which ended runs of a draft make one digest, and when it is sent.

A batch is the draft's runs begun within the batch window that no digest has
listed yet. It is sent once none of them is active, or, while some still are,
once the quiet period has passed since the last one ended (those still active
go into a later digest). A run that closed its context before the engine
reports its final phase is given the settle period to do so.
"""

from dataclasses import dataclass, field
from datetime import timedelta, timezone
from typing import Optional

from invenio_db import db
from sqlalchemy import select

from ..engines.base import Phase
from ..models import CompchemRun
from .models import CompchemRunNotification

SUCCEEDED = "succeeded"
FAILED = "failed"
NOT_STARTED = "could not start"
STOPPED = "stopped"
UNKNOWN = "unknown"

WITHDRAWN_REASONS = {
    "stopped": "Stopped by a user.",
    "superseded": "A newer upload of the file replaced it.",
    "deleted": "The file was deleted from the draft.",
}
UNSETTLED_REASON = "The engine had not reported how the run ended."

SETTLE_INTERVAL = 5
"""Seconds between two looks at runs whose final phase the engine has not given yet."""


@dataclass(frozen=True)
class Decision:
    """What a look at a batch concluded."""

    send: list = field(default_factory=list)
    """Runs to list in a digest now."""
    wait: Optional[float] = None
    """Seconds after which to look again; None: nothing to do."""


def batch_rows(record_id, since):
    """The record's runs begun at or after ``since`` that no digest listed yet."""
    return db.session.scalars(
        select(CompchemRun)
        .where(
            CompchemRun.record_id == record_id,
            CompchemRun.created >= since,
            ~CompchemRun.id.in_(select(CompchemRunNotification.run_id)),
        )
        .order_by(CompchemRun.id)
    ).all()


def ended_at(run):
    """When the run ended (UTC, naive as the tables keep times).

    As the database recorded it, else as the engine did.
    """
    if run.start_error is not None:
        return run.start_error.created
    if run.end is not None and run.context_ended:
        return run.end.created
    finished = run.finished_at
    if finished is None:
        return run.row.created
    if finished.tzinfo is not None:
        finished = finished.astimezone(timezone.utc).replace(tzinfo=None)
    return finished


def outcome(run):
    """``(outcome, reason)`` of an ended run; None while the engine is still finishing it."""
    if run.start_error is not None:
        return NOT_STARTED, run.start_error.reason
    if run.end is not None and run.end.reason in WITHDRAWN_REASONS:
        return STOPPED, WITHDRAWN_REASONS[run.end.reason]
    if run.status is None:
        return UNKNOWN, run.message
    phase = run.status.phase
    if phase == Phase.SUCCEEDED:
        return SUCCEEDED, run.message or ""
    if phase.is_terminal:
        return FAILED, run.message or phase.value
    return None


def decide(runs, trigger_name, now, quiet, settle):
    """Send the ended runs of a batch now, look again later, or do nothing.

    Only the call of the run that ended last waits out the quiet period, so a
    batch of a hundred runs schedules one later look, not a hundred.
    """
    ended = [run for run in runs if not run.is_active]
    if not ended:
        return Decision()
    last = max(ended_at(run) for run in ended)
    if len(ended) < len(runs):
        wait = quiet - (now - last).total_seconds()
        if wait > 0:
            trigger = next((r for r in ended if r.name == trigger_name), None)
            is_last = trigger is not None and ended_at(trigger) == last
            return Decision(wait=wait if is_last else None)
    settling = [
        run
        for run in ended
        if outcome(run) is None and now - ended_at(run) < timedelta(seconds=settle)
    ]
    if settling:
        return Decision(wait=SETTLE_INTERVAL)
    return Decision(send=ended)


def digest_lines(runs):
    """One line per file of each run: file, workflow, run, outcome, reason."""
    lines = []
    for run in runs:
        result, reason = outcome(run) or (UNKNOWN, UNSETTLED_REASON)
        for key in run.file_keys:
            lines.append(
                {
                    "file": key,
                    "workflow": run.row.workflow,
                    "run": run.name,
                    "outcome": result,
                    "reason": reason or "",
                }
            )
    return sorted(lines, key=lambda line: (line["file"], line["run"]))

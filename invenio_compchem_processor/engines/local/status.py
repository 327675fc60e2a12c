# SPDX-License-Identifier: MIT
"""State rows as the engine interface's value types."""

from datetime import timedelta, timezone

from ..base import Phase, RunStatus, StepStatus
from .models import utcnow


def _aware(value):
    return value.replace(tzinfo=timezone.utc) if value else None


UNCLAIMED_NOTICE = timedelta(seconds=30)
"""How long a run may wait for a worker before its message says so."""


def run_phase(row, heartbeat_timeout):
    """The row's phase and message; Error when its worker stopped sending heartbeats.

    A worker that dies (killed, host lost) cannot say so; the silence does.
    A run no worker has taken for a while says that it waits for one.
    """
    if row.phase == Phase.PENDING.value and not row.message and row.worker is None:
        waiting = utcnow() - (row.heartbeat or row.created)  # queued at
        if waiting > UNCLAIMED_NOTICE:
            return Phase.PENDING, (
                f"Waiting for a worker: none has taken the run for "
                f"{int(waiting.total_seconds())} s."
            )
    if row.phase == Phase.RUNNING.value and row.heartbeat is not None:
        silent = utcnow() - row.heartbeat
        if silent > timedelta(seconds=heartbeat_timeout):
            return Phase.ERROR, (
                f"The worker {row.worker} executing the run stopped answering "
                f"{int(silent.total_seconds())} s ago."
            )
    return Phase(row.phase), row.message


def step_status(row, step):
    """A step; its name (run, then step) is what ``logs(step=...)`` takes."""
    return StepStatus(
        name=f"{row.name}-{step.name}",
        display_name=step.name,
        type="Pod",
        phase=Phase(step.phase),
        started_at=_aware(step.started_at),
        finished_at=_aware(step.finished_at),
        message=step.message,
        template_name=step.name,
    )


def run_status(row, steps, heartbeat_timeout):
    """A run with its record, workflow, sequence and files.

    ``progress`` is steps succeeded of steps planned.
    """
    phase, message = run_phase(row, heartbeat_timeout)
    return RunStatus(
        name=row.name,
        phase=phase,
        progress=(
            (row.progress_done, row.progress_total) if row.progress_total else None
        ),
        started_at=_aware(row.started_at),
        finished_at=_aware(row.finished_at),
        message=message,
        record_id=row.record_id,
        workflow=row.workflow,
        sequence=row.sequence,
        file_keys=tuple(row.file_keys or ()),
        steps=tuple(step_status(row, step) for step in steps),
        version=str(row.version),
        stopping=bool(row.stop_request) and not phase.is_terminal,
    )

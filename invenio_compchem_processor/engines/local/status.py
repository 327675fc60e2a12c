# SPDX-License-Identifier: MIT
"""State rows as the engine interface's value types, shaped like Argo's."""

import json
from datetime import timedelta, timezone

from ..base import (
    ANNOTATION_FILES,
    LABEL_RECORD,
    LABEL_SEQUENCE,
    LABEL_WORKFLOW,
    Phase,
    RunStatus,
    StepStatus,
)
from .models import utcnow


def _aware(value):
    return value.replace(tzinfo=timezone.utc) if value else None


def run_phase(row, heartbeat_timeout):
    """The row's phase and message; Error when its worker stopped sending heartbeats.

    A worker that dies (killed, host lost) cannot say so; the silence does.
    """
    if row.phase == Phase.RUNNING.value and row.heartbeat is not None:
        silent = utcnow() - row.heartbeat
        if silent > timedelta(seconds=heartbeat_timeout):
            return Phase.ERROR, (
                f"The worker {row.worker} executing the run stopped answering "
                f"{int(silent.total_seconds())} s ago."
            )
    return Phase(row.phase), row.message


def step_status(row, step):
    """A step; its "pod name" is what ``logs(step=...)`` takes, as on Argo."""
    pod = f"{row.name}-{step.name}"
    return StepStatus(
        name=pod,
        display_name=step.name,
        type="Pod",
        phase=Phase(step.phase),
        started_at=_aware(step.started_at),
        finished_at=_aware(step.finished_at),
        message=step.message,
        template_name=step.name,
        pod_name=pod,
    )


def run_status(row, steps, heartbeat_timeout):
    """A run with the labels and annotations Argo's runs carry.

    ``progress`` is steps succeeded of steps planned, as Argo counts pods.
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
        labels={
            **(row.labels or {}),
            LABEL_RECORD: row.record_id,
            LABEL_WORKFLOW: row.workflow,
            LABEL_SEQUENCE: str(row.sequence),
        },
        annotations={
            **(row.annotations or {}),
            ANNOTATION_FILES: json.dumps(list(row.file_keys or [])),
        },
        steps=tuple(step_status(row, step) for step in steps),
        resource_version=str(row.version),
    )

# SPDX-License-Identifier: MIT
"""Starting and stopping runs: what depositors' commands and uploads share.

Everything here runs inside the caller's unit of work. A start takes the
record's lock, refuses files that an active run holds, inserts the run's
write-once rows and submits it under the next free name.
"""

from flask import current_app
from invenio_db import db

from ... import credentials, rows
from ...api import active_runs_holding
from ...engines.base import (
    EngineRunNotFoundError,
    RunAlreadyExistsError,
    RunRequest,
)
from ...naming import run_name
from ..admin.pauses import pause_of
from ..errors import FileLockedError, RunStateError, WorkflowPausedError
from ..events import PublishEventOp
from ..locks import lock_record


def blocking_runs(engine, record_id, keys, exclude=None):
    """Refuse, naming them, the active runs that hold any of ``keys``."""
    blocking = active_runs_holding(record_id, keys, engine, exclude=exclude)
    if blocking:
        raise FileLockedError([run.name for run in blocking])


def run_fields(record_id, workflow, sequence, trigger, created_by):
    """The columns of a new ``compchem_run`` row."""
    return dict(
        record_id=record_id,
        workflow=workflow.name,
        sequence=sequence,
        name=run_name(workflow.name, record_id, sequence),
        engine=current_app.config["COMPCHEM_PROCESSOR_ENGINE"],
        trigger=trigger,
        created_by=created_by,
        workflow_version=workflow.version,
    )


def run_parameters(run_row):
    """What the engine hands the run: where to call back, who it is, its credential."""
    config = current_app.config
    api_url = config.get("COMPCHEM_PROCESSOR_API_URL") or config.get(
        "SITE_API_URL", ""
    )
    token = credentials.issue(run_row, config["COMPCHEM_PROCESSOR_CREDENTIAL_TTL"])
    return {"api-url": api_url, "run-name": run_row.name, "credential": token}


def submit(engine, uow, record_id, workflow, files, trigger, created_by, resubmit_of=None):
    """Insert a run over ``files`` (committed draft files) and submit it.

    A name the engine already knows (409) takes the next sequence number, a
    bounded number of times. A workflow an administrator paused starts nothing.
    """
    paused = pause_of(workflow.name)
    if paused is not None:
        raise WorkflowPausedError(workflow.name, paused.reason)
    lock_record(record_id, f"start of {workflow.name} by {trigger}")
    blocking_runs(engine, record_id, [f.key for f in files])
    file_rows = [rows.file_row(record_id, f) for f in files]
    sequence = 1 + max(
        engine.max_sequence(record_id, workflow.name),
        rows.max_sequence(record_id, workflow.name),
    )
    attempts = current_app.config["COMPCHEM_PROCESSOR_NAME_ATTEMPTS"]
    for attempt in range(attempts):
        fields = run_fields(record_id, workflow, sequence + attempt, trigger, created_by)
        try:
            with db.session.begin_nested():
                run_row = rows.insert_run(
                    file_rows,
                    resubmit_of_id=resubmit_of.id if resubmit_of else None,
                    **fields,
                )
                engine.submit(
                    RunRequest(
                        name=run_row.name,
                        workflow=workflow.name,
                        record_id=record_id,
                        sequence=run_row.sequence,
                        file_keys=tuple(row.file_key for row in file_rows),
                        parameters=run_parameters(run_row),
                        engine_options=workflow.engine_options(run_row.engine),
                        labels={},
                        annotations={},
                    ),
                    uow=uow,
                )
            uow.register(
                PublishEventOp(
                    record_id,
                    "run.created",
                    run_row.name,
                    workflow=workflow.name,
                    trigger=trigger,
                    files=[row.file_key for row in file_rows],
                )
            )
            return run_row
        except RunAlreadyExistsError:
            continue
    raise RunStateError(
        f"No free run name after {attempts} attempts; please try again."
    )


STOP_EVENTS = {"superseded": "run.superseded"}
"""Event of each reason a run is stopped for; any other is ``run.stopped``."""


def stop(engine, uow, run_row, reason):
    """End a run's context (its credentials stop working) and stop it in the engine."""
    rows.insert_run_end(run_row, reason)
    uow.register(
        PublishEventOp(
            run_row.record_id,
            STOP_EVENTS.get(reason, "run.stopped"),
            run_row.name,
            reason=reason,
        )
    )
    try:
        engine.stop(run_row.name, message=f"{reason} by the repository")
    except EngineRunNotFoundError:
        pass

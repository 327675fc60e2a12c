# SPDX-License-Identifier: MIT
"""Runs, bulk requests and workflow switches as the admin API reads and serves them."""

import marshmallow as ma

from ..runs.schemas import RunDetailSchema, RunSchema, _time

BULK_ACTIONS = ("retry", "restart")


def _duration(run):
    """Seconds the engine ran the run, when it says so."""
    if run.started_at and run.finished_at:
        return round((run.finished_at - run.started_at).total_seconds(), 1)
    return None


class AdminRunSchema(RunSchema):
    """A run of any record, with its record and duration."""

    phase = ma.fields.Function(lambda run: run.phase)
    message = ma.fields.Function(lambda run: run.message)
    file_keys = ma.fields.Function(lambda run: ", ".join(run.file_keys))
    duration = ma.fields.Function(_duration)
    started = ma.fields.Function(lambda run: _time(run.started_at))


class AdminRunDetailSchema(AdminRunSchema, RunDetailSchema):
    """A run with its steps, log tail, results and credential state."""

    log_tail = ma.fields.List(ma.fields.String(), attribute="log_tail")
    results = ma.fields.List(ma.fields.Dict(), attribute="results")
    credential = ma.fields.Dict(attribute="credential")
    failure = ma.fields.Function(
        lambda run: (
            run.message if run.phase in ("Failed", "Error", "NotStarted") else None
        )
    )


class BulkRequestSchema(ma.Schema):
    """A bulk retry or restart: the filter that chooses runs, and the throttle."""

    action = ma.fields.String(required=True, validate=ma.validate.OneOf(BULK_ACTIONS))
    query = ma.fields.Dict(load_default=dict)
    """The admin search's arguments: ``q``, ``phase``, ``workflow``, ... ."""
    concurrency = ma.fields.Integer(
        load_default=2, validate=ma.validate.Range(min=1, max=100)
    )
    dry_run = ma.fields.Boolean(load_default=False)


class SwitchSchema(ma.Schema):
    """A pause or a resume of a workflow, with why."""

    reason = ma.fields.String(load_default=None, validate=ma.validate.Length(max=500))
    process_skipped = ma.fields.Boolean(load_default=False)
    """On resume: restart the runs the pause kept from starting."""

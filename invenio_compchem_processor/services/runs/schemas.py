# SPDX-License-Identifier: MIT
"""What a depositor sends and what a run looks like when served."""

from datetime import timezone

import marshmallow as ma


def printable(value):
    """Refuse NUL and other control characters, which no key or name holds."""
    if any(ord(char) < 32 for char in value):
        raise ma.ValidationError("Control characters are not allowed.")


class StartRunSchema(ma.Schema):
    """Body of a manual start: a workflow and the files it runs over."""

    workflow = ma.fields.String(required=True, validate=printable)
    files = ma.fields.List(ma.fields.String(validate=printable), required=True)


def _time(value):
    """ISO 8601 with its UTC offset; the database keeps UTC without one."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()


class RunFileSchema(ma.Schema):
    """An input file of a run, as uploaded when the run started."""

    key = ma.fields.String(attribute="file_key")
    checksum = ma.fields.String()
    mimetype = ma.fields.String()
    size = ma.fields.Integer()


class RunSchema(ma.Schema):
    """A run (:class:`invenio_compchem_processor.api.Run`) as the REST API serves it."""

    id = ma.fields.Function(lambda run: run.name)
    name = ma.fields.String(attribute="row.name")
    record_id = ma.fields.String(attribute="row.record_id")
    workflow = ma.fields.String(attribute="row.workflow")
    sequence = ma.fields.Integer(attribute="row.sequence")
    engine = ma.fields.String(attribute="row.engine")
    trigger = ma.fields.String(attribute="row.trigger")
    created = ma.fields.Function(lambda run: _time(run.row.created))
    created_by = ma.fields.Integer(attribute="row.created_by", allow_none=True)
    files = ma.fields.Method("dump_files")
    status = ma.fields.Method("dump_status")
    active = ma.fields.Boolean(attribute="is_active")
    ended = ma.fields.Method("dump_ended")

    def dump_files(self, run):
        """The inputs, each with how the draft's upload of it compares now."""
        return [
            {**RunFileSchema().dump(f), "upload": run.upload_state(f)} for f in run.files
        ]

    def dump_status(self, run):
        """Phase, message, progress and times."""
        progress = run.progress
        return {
            "phase": run.phase,
            "message": run.message,
            "progress": (
                {"done": progress[0], "total": progress[1]} if progress else None
            ),
            "started": _time(run.started_at),
            "finished": _time(run.finished_at),
        }

    def dump_ended(self, run):
        """Why and when the run's context last ended."""
        end = run.end
        return {"reason": end.reason, "at": _time(end.created)} if end else None


class StepSchema(ma.Schema):
    """One step of a run."""

    id = ma.fields.String(attribute="name")
    name = ma.fields.String(attribute="display_name")
    type = ma.fields.String()
    template = ma.fields.String(attribute="template_name", allow_none=True)
    phase = ma.fields.Function(lambda step: step.phase.value)
    started = ma.fields.Function(lambda step: _time(step.started_at))
    finished = ma.fields.Function(lambda step: _time(step.finished_at))
    message = ma.fields.String(allow_none=True)


class RunDetailSchema(RunSchema):
    """A run with its steps."""

    steps = ma.fields.List(ma.fields.Nested(StepSchema))


class LogLineSchema(ma.Schema):
    """One line of a run's log."""

    step = ma.fields.String(allow_none=True)
    content = ma.fields.String()
    timestamp = ma.fields.Function(lambda line: _time(line.timestamp))

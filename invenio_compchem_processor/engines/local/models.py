# SPDX-License-Identifier: MIT
"""The local engine's state: what etcd is to Argo, so rows here DO change.

Unlike the write-once ``compchem_*`` tables of the extension, these rows are
updated while a run executes (phase, heartbeat, logs) and deleted with the
run; the extension's own tables never refer to them.
"""

from datetime import datetime, timezone

from flask import current_app
from invenio_db import db
from sqlalchemy_utils import StringEncryptedType


def utcnow():
    """Naive UTC, as every timestamp of the extension is stored."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _secret_key():
    return current_app.config["SECRET_KEY"]


class LocalRun(db.Model):
    """One run of the local engine, under its unique name."""

    __tablename__ = "compchem_local_run"

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(63), nullable=False)
    record_id = db.Column(db.String(64), nullable=False, index=True)
    workflow = db.Column(db.String(63), nullable=False)
    sequence = db.Column(db.Integer, nullable=False)
    labels = db.Column(db.JSON, nullable=False, default=dict)
    annotations = db.Column(db.JSON, nullable=False, default=dict)
    file_keys = db.Column(db.JSON, nullable=False, default=list)
    options = db.Column(db.JSON, nullable=False, default=dict)
    """The workflow's ``engines.local`` settings, frozen at submit time."""
    parameters = db.Column(db.JSON, nullable=False, default=dict)
    """Run parameters without the credential (API URL, run name)."""
    credential = db.Column(
        StringEncryptedType(type_in=db.Text, key=_secret_key), nullable=True
    )
    """The run's bearer credential, encrypted; cleared when the run ends."""
    phase = db.Column(db.String(16), nullable=False)
    message = db.Column(db.Text, nullable=True)
    attempt = db.Column(db.Integer, nullable=False, default=1)
    """Raised by a retry: a worker still busy with an older attempt gives up."""
    progress_done = db.Column(db.Integer, nullable=False, default=0)
    progress_total = db.Column(db.Integer, nullable=False, default=0)
    stop_request = db.Column(db.String(16), nullable=True)
    """``stop`` or ``terminate``: the worker executing the run polls for it."""
    stop_message = db.Column(db.Text, nullable=True)
    worker = db.Column(db.String(255), nullable=True)
    heartbeat = db.Column(db.DateTime, nullable=True)
    version = db.Column(db.Integer, nullable=False, default=1)
    """Raised on every change: what ``watch`` compares."""
    created = db.Column(db.DateTime, nullable=False, default=utcnow)
    started_at = db.Column(db.DateTime, nullable=True)
    finished_at = db.Column(db.DateTime, nullable=True)

    __table_args__ = (
        db.UniqueConstraint("name", name="uq_compchem_local_run_name"),
        db.Index("ix_compchem_local_run_record_workflow", "record_id", "workflow"),
        db.Index("ix_compchem_local_run_phase_heartbeat", "phase", "heartbeat"),
    )


class LocalStep(db.Model):
    """One step of one attempt of a run, with the tail of its log."""

    __tablename__ = "compchem_local_step"

    id = db.Column(db.Integer, primary_key=True)
    run_id = db.Column(
        db.Integer,
        db.ForeignKey("compchem_local_run.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    attempt = db.Column(db.Integer, nullable=False)
    position = db.Column(db.Integer, nullable=False)
    name = db.Column(db.String(63), nullable=False)
    phase = db.Column(db.String(16), nullable=False)
    message = db.Column(db.Text, nullable=True)
    pid = db.Column(db.Integer, nullable=True)
    """Process id of a step's subprocess, on the worker's host."""
    exit_code = db.Column(db.Integer, nullable=True)
    log = db.Column(db.Text, nullable=False, default="")
    """Lines ``<RFC 3339 time> <text>``, cut to the configured size from the top."""
    started_at = db.Column(db.DateTime, nullable=True)
    finished_at = db.Column(db.DateTime, nullable=True)

    __table_args__ = (
        db.UniqueConstraint(
            "run_id", "attempt", "name", name="uq_compchem_local_step_attempt_name"
        ),
    )

# SPDX-License-Identifier: MIT
"""Write-once tables: what was processed, by which run, and how it ended.

Processing state lives in the engine. Rows here are inserted when a run is
started (or could not be) and are never updated; statuses are joined in memory
with the engine's live data.
"""

from datetime import datetime, timezone

from invenio_db import db
from sqlalchemy import event
from sqlalchemy_utils.types import UUIDType

from . import run_tally


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Created:
    """A ``created`` column: when the row was inserted (UTC)."""

    created = db.Column(db.DateTime, nullable=False, default=_now)


class CompchemFile(Created, db.Model):
    """One uploaded version of a draft file that a run processed."""

    __tablename__ = "compchem_file"

    id = db.Column(db.Integer, primary_key=True)
    record_id = db.Column(db.String(64), nullable=False, index=True)
    file_key = db.Column(db.Text, nullable=False)
    object_version_id = db.Column(UUIDType, nullable=False)
    checksum = db.Column(db.String(255), nullable=True)
    mimetype = db.Column(db.String(255), nullable=True)
    size = db.Column(db.BigInteger, nullable=True)

    __table_args__ = (
        db.UniqueConstraint(
            "object_version_id", name="uq_compchem_file_object_version_id"
        ),
    )


class CompchemRun(Created, db.Model):
    """One execution of one workflow over one or more files of one record."""

    __tablename__ = "compchem_run"

    id = db.Column(db.Integer, primary_key=True)
    record_id = db.Column(db.String(64), nullable=False, index=True)
    workflow = db.Column(db.String(63), nullable=False)
    sequence = db.Column(db.Integer, nullable=False)
    name = db.Column(db.String(63), nullable=False)
    """The engine's unique name of the run: unique forever."""
    engine = db.Column(db.String(32), nullable=False)
    trigger = db.Column(db.String(16), nullable=False)
    """``auto`` (upload), ``manual`` (owner) or ``resubmit``."""
    created_by = db.Column(db.Integer, nullable=True)
    resubmit_of_id = db.Column(
        db.Integer, db.ForeignKey("compchem_run.id"), nullable=True
    )
    workflow_version = db.Column(db.String(64), nullable=True)
    """The workflow's version when the run started (``WorkflowDefinition.version``)."""

    files = db.relationship(
        CompchemFile, secondary="compchem_run_file", lazy="raise", viewonly=True
    )

    __table_args__ = (
        db.UniqueConstraint("name", name="uq_compchem_run_name"),
        db.UniqueConstraint(
            "record_id", "workflow", "sequence", name="uq_compchem_run_sequence"
        ),
        db.CheckConstraint("sequence > 0", name="ck_compchem_run_sequence"),
    )


class CompchemRunFile(db.Model):
    """A file processed by a run: a run may take several files."""

    __tablename__ = "compchem_run_file"

    run_id = db.Column(db.Integer, db.ForeignKey("compchem_run.id"), primary_key=True)
    file_id = db.Column(
        db.Integer, db.ForeignKey("compchem_file.id"), primary_key=True, index=True
    )


class CompchemRunStartError(Created, db.Model):
    """Why a run could not be started: the engine refused it or never got it."""

    __tablename__ = "compchem_run_start_error"

    run_id = db.Column(db.Integer, db.ForeignKey("compchem_run.id"), primary_key=True)
    reason = db.Column(db.Text, nullable=False)


class CompchemRunCredential(Created, db.Model):
    """The hash of a credential issued to a run; the credential is never stored.

    A run gets a new credential each time it (re)starts, e.g. on retry.
    """

    __tablename__ = "compchem_run_credential"

    id = db.Column(db.Integer, primary_key=True)
    run_id = db.Column(
        db.Integer, db.ForeignKey("compchem_run.id"), nullable=False, index=True
    )
    token_hash = db.Column(db.String(128), nullable=False)
    expires_at = db.Column(db.DateTime, nullable=False)

    __table_args__ = (
        db.UniqueConstraint("token_hash", name="uq_compchem_run_credential_hash"),
    )


class CompchemRunEnd(Created, db.Model):
    """The end of a run's context: its credentials stop working from here on."""

    __tablename__ = "compchem_run_end"

    id = db.Column(db.Integer, primary_key=True)
    run_id = db.Column(
        db.Integer, db.ForeignKey("compchem_run.id"), nullable=False, index=True
    )
    reason = db.Column(db.String(32), nullable=False)
    """``stopped``, ``superseded``, ``deleted`` or ``finished``."""


class CompchemCarriedRun(Created, db.Model):
    """A run of an earlier version whose results a new version's draft took over.

    The file it processed is in the new version unchanged (same content) and
    the workflow's version is the same, so the file was not processed again.
    """

    __tablename__ = "compchem_carried_run"

    id = db.Column(db.Integer, primary_key=True)
    record_id = db.Column(db.String(64), nullable=False, index=True)
    """The new version's draft."""
    run_id = db.Column(db.Integer, db.ForeignKey("compchem_run.id"), nullable=False)


WRITE_ONCE_TABLES = tuple(
    model.__tablename__
    for model in (
        CompchemFile,
        CompchemRun,
        CompchemRunFile,
        CompchemRunStartError,
        CompchemRunCredential,
        CompchemRunEnd,
        CompchemCarriedRun,
    )
)
"""Tables whose rows are inserted once and never updated or deleted."""


#
# Administration: workflow switches and bulk actions (append-only, audited).
#
class CompchemWorkflowSwitch(Created, db.Model):
    """An administrator paused or resumed a workflow's processing; the newest row holds.

    Rows are never updated, so the table is the switch's audit trail.
    """

    __tablename__ = "compchem_workflow_switch"

    id = db.Column(db.Integer, primary_key=True)
    workflow = db.Column(db.String(63), nullable=False, index=True)
    paused = db.Column(db.Boolean, nullable=False)
    reason = db.Column(db.Text, nullable=True)
    user_id = db.Column(db.Integer, nullable=True)


class CompchemBulkAction(Created, db.Model):
    """Retry or restart a fixed list of runs, at most ``concurrency`` at a time."""

    __tablename__ = "compchem_bulk_action"

    id = db.Column(db.Integer, primary_key=True)
    action = db.Column(db.String(16), nullable=False)
    """``retry`` (same run) or ``restart`` (a new run)."""
    query = db.Column(db.JSON, nullable=False)
    """The filter the runs were chosen by, as the administrator sent it."""
    run_names = db.Column(db.JSON, nullable=False)
    """The runs chosen when the action was created, in submission order."""
    concurrency = db.Column(db.Integer, nullable=False)
    created_by = db.Column(db.Integer, nullable=True)


class CompchemBulkStep(Created, db.Model):
    """One run of a bulk action taken: what was submitted for it, or why not."""

    __tablename__ = "compchem_bulk_step"

    id = db.Column(db.Integer, primary_key=True)
    bulk_id = db.Column(
        db.Integer, db.ForeignKey("compchem_bulk_action.id"), nullable=False
    )
    run_name = db.Column(db.String(63), nullable=False)
    submitted = db.Column(db.String(63), nullable=True)
    """The run that now carries the work (the same name for a retry)."""
    error = db.Column(db.Text, nullable=True)

    __table_args__ = (
        db.UniqueConstraint("bulk_id", "run_name", name="uq_compchem_bulk_step_run"),
    )


class CompchemBulkStop(Created, db.Model):
    """An administrator stopped a bulk action: nothing more is submitted."""

    __tablename__ = "compchem_bulk_stop"

    bulk_id = db.Column(
        db.Integer, db.ForeignKey("compchem_bulk_action.id"), primary_key=True
    )
    user_id = db.Column(db.Integer, nullable=True)


class CompchemBulkPause(Created, db.Model):
    """An administrator paused or resumed a bulk action; the newest row holds."""

    __tablename__ = "compchem_bulk_pause"

    id = db.Column(db.Integer, primary_key=True)
    bulk_id = db.Column(
        db.Integer, db.ForeignKey("compchem_bulk_action.id"), nullable=False, index=True
    )
    paused = db.Column(db.Boolean, nullable=False)
    user_id = db.Column(db.Integer, nullable=True)


class CompchemCampaignFile(Created, db.Model):
    """A file a reprocessing campaign chose, or proposes for a new version."""

    __tablename__ = "compchem_campaign_file"

    id = db.Column(db.Integer, primary_key=True)
    bulk_id = db.Column(
        db.Integer, db.ForeignKey("compchem_bulk_action.id"), nullable=False, index=True
    )
    record_id = db.Column(db.String(64), nullable=False)
    file_key = db.Column(db.Text, nullable=False)
    run_name = db.Column(db.String(63), nullable=True)
    """The run whose results are reprocessed."""
    processor_version = db.Column(db.String(128), nullable=True)
    proposed = db.Column(db.Boolean, nullable=False)
    """Of a published record: needs a new version, which its owner makes."""


class CompchemProposalAnswer(Created, db.Model):
    """A record owner's answer to a campaign's proposal to reprocess a published file.

    Accepting makes a new version draft of the record (``new_record_id``) and
    reprocesses the file into it; the newest answer to a proposal holds.
    """

    __tablename__ = "compchem_proposal_answer"

    id = db.Column(db.Integer, primary_key=True)
    proposal_id = db.Column(
        db.Integer,
        db.ForeignKey("compchem_campaign_file.id"),
        nullable=False,
        index=True,
    )
    """The proposal: a campaign's file of a published record."""
    accepted = db.Column(db.Boolean, nullable=False)
    user_id = db.Column(db.Integer, nullable=True)
    new_record_id = db.Column(db.String(64), nullable=True)
    run_name = db.Column(db.String(63), nullable=True)
    """The run that reprocesses the file in the new version."""


#
# Administration: counts of runs kept by the database (see ``run_tally``).
#
class CompchemRunTally(db.Model):
    """How many runs there are of a workflow, engine, trigger, hour (month), phase.

    Kept by PostgreSQL triggers in the transactions that change what it counts,
    so that the admin list counts without reading every run.
    """

    __tablename__ = "compchem_run_tally"

    span = db.Column(db.String(8), primary_key=True)
    """``hour`` or ``month``: each run is counted in both."""
    hour = db.Column(db.DateTime, primary_key=True)
    """The start of the hour or month the runs were created in (UTC)."""
    workflow = db.Column(db.String(63), primary_key=True)
    engine = db.Column(db.String(32), primary_key=True)
    trigger = db.Column(db.String(16), primary_key=True)
    phase = db.Column(db.String(16), primary_key=True)
    n = db.Column(db.Integer, nullable=False)


class CompchemRunDuration(db.Model):
    """A run's seconds from its creation to its first ``finished`` end (triggers)."""

    __tablename__ = "compchem_run_duration"

    run_id = db.Column(db.Integer, db.ForeignKey("compchem_run.id"), primary_key=True)
    seconds = db.Column(db.Float, nullable=False)

    __table_args__ = (
        db.Index("ix_compchem_run_duration_seconds", "seconds", "run_id"),
    )


db.Index("ix_compchem_run_created", CompchemRun.created)
for _column in (CompchemRun.name, CompchemFile.file_key):
    # the admin list's text search (``LIKE '%...%'``) through trigrams
    db.Index(
        f"ix_{_column.table.name}_{_column.name}_trgm",
        db.func.lower(_column).label("lowered"),
        postgresql_using="gin",
        postgresql_ops={"lowered": "gin_trgm_ops"},
    )
event.listen(db.metadata, "before_create", run_tally.install_extension)
event.listen(db.metadata, "after_create", run_tally.install)

# SPDX-License-Identifier: MIT
"""The write-once rows: inserts and the queries that read them back.

Nothing here updates or deletes a row: the tables record what happened, the
engine holds how it is going.
"""

from typing import NamedTuple

from invenio_db import db
from sqlalchemy import func, or_, select

from .models import (
    CompchemCarriedRun,
    CompchemFile,
    CompchemRun,
    CompchemRunCredential,
    CompchemRunEnd,
    CompchemRunFile,
    CompchemRunStartError,
)


def file_row(record_id, draft_file):
    """The row of this upload of a file, inserted on first use."""
    row = db.session.scalars(
        select(CompchemFile).where(
            CompchemFile.object_version_id == draft_file.object_version_id
        )
    ).one_or_none()
    if row is None:
        row = CompchemFile(
            record_id=record_id,
            file_key=draft_file.key,
            object_version_id=draft_file.object_version_id,
            checksum=draft_file.checksum,
            mimetype=draft_file.mimetype,
            size=draft_file.size,
        )
        db.session.add(row)
        db.session.flush()
    return row


def max_sequence(record_id, workflow):
    """Highest sequence number the database knows for a record's workflow."""
    return (
        db.session.scalar(
            select(func.max(CompchemRun.sequence)).where(
                CompchemRun.record_id == record_id, CompchemRun.workflow == workflow
            )
        )
        or 0
    )


def insert_run(files, **fields):
    """Insert a run over ``files`` (rows of ``compchem_file``)."""
    run = CompchemRun(**fields)
    db.session.add(run)
    db.session.flush()
    db.session.add_all(CompchemRunFile(run_id=run.id, file_id=f.id) for f in files)
    db.session.flush()
    return run


def insert_start_error(run, reason):
    """Record why a run could not be started."""
    db.session.add(CompchemRunStartError(run_id=run.id, reason=reason[:4000]))
    db.session.flush()


def insert_run_end(run, reason):
    """Record the end of a run's context (its credentials stop working)."""
    db.session.add(CompchemRunEnd(run_id=run.id, reason=reason))
    db.session.flush()


def runs_holding_keys(record_id, keys):
    """``(run, file_key)`` pairs of a record's runs over any of ``keys``."""
    rows = db.session.execute(
        select(CompchemRun, CompchemFile.file_key)
        .join(CompchemRunFile, CompchemRunFile.run_id == CompchemRun.id)
        .join(CompchemFile, CompchemFile.id == CompchemRunFile.file_id)
        .where(CompchemRun.record_id == record_id, CompchemFile.file_key.in_(keys))
    )
    return list(rows)


def _of_record(record_id):
    """A record's own runs and those of earlier versions it took results from."""
    return or_(
        CompchemRun.record_id == record_id,
        CompchemRun.id.in_(
            select(CompchemCarriedRun.run_id).where(
                CompchemCarriedRun.record_id == record_id
            )
        ),
    )


def insert_carried_run(record_id, run):
    """Record that a new version's draft took over ``run``'s results (once)."""
    known = db.session.scalar(
        select(CompchemCarriedRun.id).where(
            CompchemCarriedRun.record_id == record_id,
            CompchemCarriedRun.run_id == run.id,
        )
    )
    if known is None:
        db.session.add(CompchemCarriedRun(record_id=record_id, run_id=run.id))
        db.session.flush()


def get_run(record_id, name):
    """A record's run by name (its own, or one it took results from), or None."""
    return db.session.scalars(
        select(CompchemRun).where(_of_record(record_id), CompchemRun.name == name)
    ).one_or_none()


def search_runs(record_id, workflow=None, file_key=None, page=1, size=25):
    """One page of a record's runs, newest first, and the total count.

    Runs of earlier versions whose results the draft took over are listed too.
    """
    query = select(CompchemRun).where(_of_record(record_id))
    if workflow:
        query = query.where(CompchemRun.workflow == workflow)
    if file_key:
        query = query.where(
            CompchemRun.id.in_(
                select(CompchemRunFile.run_id)
                .join(CompchemFile, CompchemFile.id == CompchemRunFile.file_id)
                .where(CompchemFile.file_key == file_key)
            )
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    runs = db.session.scalars(
        query.order_by(CompchemRun.id.desc()).limit(size).offset((page - 1) * size)
    ).all()
    return total, runs


def runs_of_record(record_id):
    """Every run of a record, newest first."""
    return db.session.scalars(
        select(CompchemRun)
        .where(CompchemRun.record_id == record_id)
        .order_by(CompchemRun.id.desc())
    ).all()


def run_times_since(record_id, since, file_key=None, triggers=None):
    """When a record's runs (over ``file_key``, of ``triggers``) after ``since`` began, oldest first."""
    query = select(CompchemRun.created).where(
        CompchemRun.record_id == record_id, CompchemRun.created > since
    )
    if triggers:
        query = query.where(CompchemRun.trigger.in_(triggers))
    if file_key is not None:
        query = query.where(
            CompchemRun.id.in_(
                select(CompchemRunFile.run_id)
                .join(CompchemFile, CompchemFile.id == CompchemRunFile.file_id)
                .where(CompchemFile.file_key == file_key)
            )
        )
    return db.session.scalars(query.order_by(CompchemRun.created)).all()


def unended_runs_of_user(user_id, since):
    """A user's runs begun after ``since`` whose context has not ended."""
    return db.session.scalars(
        select(CompchemRun).where(
            CompchemRun.created_by == user_id,
            CompchemRun.created > since,
            ~CompchemRun.id.in_(select(CompchemRunEnd.run_id)),
        )
    ).all()


class RunRelations(NamedTuple):
    """What the write-once rows say about a set of runs, by run id."""

    files: dict
    """The run's files (``compchem_file`` rows), in key order."""
    start_errors: dict
    """Why the run could not start, if it could not."""
    ends: dict
    """Every end the run reported, oldest first."""
    last_starts: dict
    """When the run's latest attempt got its credential."""


def run_relations(run_ids):
    """Files, start errors, ends and last starts of runs: four queries."""
    files, start_errors, ends, last_starts = {}, {}, {}, {}
    if not run_ids:
        return RunRelations(files, start_errors, ends, last_starts)
    for run_id, file in db.session.execute(
        select(CompchemRunFile.run_id, CompchemFile)
        .join(CompchemFile, CompchemFile.id == CompchemRunFile.file_id)
        .where(CompchemRunFile.run_id.in_(run_ids))
        .order_by(CompchemFile.file_key)
    ):
        files.setdefault(run_id, []).append(file)
    for error in db.session.scalars(
        select(CompchemRunStartError).where(CompchemRunStartError.run_id.in_(run_ids))
    ):
        start_errors[error.run_id] = error
    for end in db.session.scalars(
        select(CompchemRunEnd)
        .where(CompchemRunEnd.run_id.in_(run_ids))
        .order_by(CompchemRunEnd.id)
    ):
        ends.setdefault(end.run_id, []).append(end)
    last_starts.update(
        db.session.execute(
            select(
                CompchemRunCredential.run_id, func.max(CompchemRunCredential.created)
            )
            .where(CompchemRunCredential.run_id.in_(run_ids))
            .group_by(CompchemRunCredential.run_id)
        ).all()
    )
    return RunRelations(files, start_errors, ends, last_starts)

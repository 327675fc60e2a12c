# SPDX-License-Identifier: MIT
"""Workflow switches: an administrator pauses or resumes a workflow's processing.

The switch is an append-only log in ``compchem_workflow_switch``: the newest
row of a workflow is its state, the rows before it its audit trail.
"""

from invenio_db import db
from sqlalchemy import func, select

from ...models import CompchemWorkflowSwitch


def latest_switches():
    """The newest switch row of every workflow that has one, by workflow."""
    newest = (
        select(func.max(CompchemWorkflowSwitch.id))
        .group_by(CompchemWorkflowSwitch.workflow)
        .scalar_subquery()
    )
    rows = db.session.scalars(
        select(CompchemWorkflowSwitch).where(CompchemWorkflowSwitch.id.in_(newest))
    )
    return {row.workflow: row for row in rows}


def latest_switch(workflow):
    """The newest switch row of ``workflow``, or None."""
    return db.session.scalars(
        select(CompchemWorkflowSwitch)
        .where(CompchemWorkflowSwitch.workflow == workflow)
        .order_by(CompchemWorkflowSwitch.id.desc())
        .limit(1)
    ).first()


def pause_of(workflow):
    """The row that paused ``workflow`` when it is paused now, else None."""
    row = latest_switch(workflow)
    return row if row is not None and row.paused else None


def switch_history(workflow, limit=20):
    """The workflow's switch rows, newest first."""
    return db.session.scalars(
        select(CompchemWorkflowSwitch)
        .where(CompchemWorkflowSwitch.workflow == workflow)
        .order_by(CompchemWorkflowSwitch.id.desc())
        .limit(limit)
    ).all()


def insert_switch(workflow, paused, reason, user_id):
    """Record a pause or a resume."""
    row = CompchemWorkflowSwitch(
        workflow=workflow, paused=paused, reason=reason, user_id=user_id
    )
    db.session.add(row)
    db.session.flush()
    return row

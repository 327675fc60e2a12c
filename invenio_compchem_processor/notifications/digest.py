# SPDX-License-Identifier: MIT
"""Sending one digest: who gets it, what it lists, and the record that it was sent."""

from flask import current_app
from invenio_db import db
from invenio_notifications.services.uow import NotificationOp
from invenio_pidstore.errors import PIDDeletedError, PIDDoesNotExistError
from invenio_rdm_records.proxies import current_rdm_records_service
from invenio_records_resources.services.uow import UnitOfWork
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound

from ..services.drafts import resolve_draft
from ..services.errors import DraftNotFoundError
from ..services.locks import lock_record
from .batches import digest_lines
from .builders import RunsEndedNotificationBuilder
from .models import CompchemRunNotification

USER_TRIGGERS = ("manual", "resubmit")
"""Runs whose starter is told of their end, besides the draft's owner."""


def _record(record_id):
    """The draft, else the record it became; None when neither is there."""
    try:
        return resolve_draft(record_id)
    except DraftNotFoundError:
        pass
    try:
        return current_rdm_records_service.record_cls.pid.resolve(record_id)
    except (PIDDoesNotExistError, PIDDeletedError, NoResultFound):
        return None


def recipients(record, runs):
    """The owner's id and those of users who started runs of the batch."""
    owner = record.parent.access.owned_by
    ids = {owner.owner_id} if owner and owner.owner_type == "user" else set()
    ids |= {
        run.row.created_by
        for run in runs
        if run.row.trigger in USER_TRIGGERS and run.row.created_by is not None
    }
    return sorted(ids)


def deposit_url(record_id):
    """The deposit form of the draft on the site."""
    return f"{current_app.config['SITE_UI_URL']}/uploads/{record_id}"


def send_digest(record_id, runs):
    """List ``runs`` in one digest unless another one listed them first.

    Under the record's lock, runs already listed are dropped; the rest are
    recorded as notified and the notification leaves after the commit.
    Answers the number of files listed.
    """
    with UnitOfWork() as uow:
        lock_record(record_id, "notification of ended runs")
        ids = [run.row.id for run in runs]
        listed = set(
            db.session.scalars(
                select(CompchemRunNotification.run_id).where(
                    CompchemRunNotification.run_id.in_(ids)
                )
            )
        )
        runs = [run for run in runs if run.row.id not in listed]
        if not runs:
            return 0
        db.session.add_all(CompchemRunNotification(run_id=run.row.id) for run in runs)
        record = _record(record_id)
        lines = digest_lines(runs)
        if record is not None:
            notification = RunsEndedNotificationBuilder.build(
                {
                    "id": record_id,
                    "title": (record.get("metadata") or {}).get("title") or "",
                    "deposit_url": deposit_url(record_id),
                },
                recipients(record, runs),
                lines,
            )
            uow.register(NotificationOp(notification))
        uow.commit()
    return len(lines) if record is not None else 0

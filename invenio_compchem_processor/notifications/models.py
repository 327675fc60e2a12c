# SPDX-License-Identifier: MIT
"""Which runs a digest has already told their users about: each run once."""

from datetime import datetime, timezone

from invenio_db import db


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


class CompchemRunNotification(db.Model):
    """A run was listed in a sent digest; write once, never updated."""

    __tablename__ = "compchem_run_notification"

    run_id = db.Column(db.Integer, db.ForeignKey("compchem_run.id"), primary_key=True)
    created = db.Column(db.DateTime, nullable=False, default=_now)

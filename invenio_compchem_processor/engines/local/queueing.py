# SPDX-License-Identifier: MIT
"""Putting runs on the local engine's queue, after the unit of work commits.

A worker that got the message before the commit would not find the run, and
a rolled-back submit must send nothing: so submit and retry register
:class:`QueueRunOp` on the service's unit of work. A broker that cannot be
reached never fails the request: the run stays Pending with the reason as
its message, and :func:`queue_waiting_runs` (periodic, and at worker start)
sends it once the broker answers again. A message sent twice is harmless:
a worker claims an attempt atomically.
"""

from flask import current_app
from invenio_db import db
from invenio_records_resources.services.uow import Operation
from sqlalchemy import select, update

from ..base import Phase
from .models import LocalRun

WAITING = "Waiting for the local engine's queue: {}"


def send(name, attempt):
    """Put attempt ``attempt`` of run ``name`` on the workers' queue."""
    from .tasks import execute_run

    execute_run.apply_async(
        args=(name, attempt), queue=current_app.config["COMPCHEM_PROCESSOR_LOCAL_QUEUE"]
    )


def _note(name, attempt, message):
    """Set a Pending attempt's message, in a transaction of its own."""
    db.session.execute(
        update(LocalRun)
        .where(
            LocalRun.name == name,
            LocalRun.attempt == attempt,
            LocalRun.phase == Phase.PENDING.value,
        )
        .values(message=message, version=LocalRun.version + 1)
    )
    db.session.commit()


def send_or_note(name, attempt):
    """Send; when the broker is unreachable, say so on the run. True when sent."""
    try:
        send(name, attempt)
    except Exception as error:
        current_app.logger.warning("Could not queue run %s: %s", name, error)
        _note(name, attempt, WAITING.format(error))
        return False
    return True


class QueueRunOp(Operation):
    """Queue a run's attempt once the unit of work has committed."""

    def __init__(self, name, attempt):
        """Constructor."""
        self.name = name
        self.attempt = attempt

    def on_post_commit(self, uow):
        """Send the message; never raise into the request."""
        send_or_note(self.name, self.attempt)


def queue_waiting_runs():
    """Send every run that is waiting because the broker was unreachable."""
    waiting = db.session.execute(
        select(LocalRun.name, LocalRun.attempt).where(
            LocalRun.phase == Phase.PENDING.value,
            LocalRun.worker.is_(None),
            LocalRun.message.like(WAITING.format("%")),
        )
    ).all()
    sent = []
    for name, attempt in waiting:
        if send_or_note(name, attempt):
            _note(name, attempt, None)
            sent.append(name)
    return sent

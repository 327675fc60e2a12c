# SPDX-License-Identifier: MIT
"""Putting runs on the local engine's queue, after the unit of work commits.

A worker that got the message before the commit would not find the run, and
a rolled-back submit must send nothing: so submit and retry register
:class:`QueueRunOp` on the service's unit of work. A broker that cannot be
reached never fails the request: the run stays Pending with the reason as
its message, and :func:`queue_waiting_runs` (Celery beat)
sends it once the broker answers again. A message that was sent and then
lost (the broker purged or restarted without persistence) leaves the run
``Pending`` with no worker: :func:`requeue_lost_runs` (the same periodic
task) sends it again, once, when no worker has taken it
``COMPCHEM_PROCESSOR_LOCAL_REQUEUE_AFTER`` seconds after it was queued. A
message sent twice is harmless: a worker claims an attempt atomically, and
a message for an attempt already claimed is skipped.

While ``Pending``, the row's ``heartbeat`` holds when the attempt was queued
(a worker's claim then sets it as its first heartbeat).
"""

from datetime import timedelta


from flask import current_app
from invenio_db import db
from invenio_records_resources.services.uow import Operation
from sqlalchemy import func, select, update

from ..base import Phase
from .models import LocalRun, utcnow

WAITING = "Waiting for the local engine's queue: {}"
REQUEUED = (
    "Queued again: no worker had taken the run {} s after it was queued "
    "(its message was lost)."
)


def send(name, attempt):
    """Put attempt ``attempt`` of run ``name`` on the workers' queue."""
    from .tasks import execute_run

    execute_run.apply_async(
        args=(name, attempt), queue=current_app.config["COMPCHEM_PROCESSOR_LOCAL_QUEUE"]
    )


def _pending(name, attempt):
    return update(LocalRun).where(
        LocalRun.name == name,
        LocalRun.attempt == attempt,
        LocalRun.phase == Phase.PENDING.value,
    )


def _note(name, attempt, message, **values):
    """Set a Pending attempt's message, in a transaction of its own."""
    db.session.execute(
        _pending(name, attempt).values(
            message=message, version=LocalRun.version + 1, **values
        )
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

    def on_register(self, uow):
        """Note when the attempt was queued, in the submitting transaction."""
        db.session.execute(
            _pending(self.name, self.attempt).values(heartbeat=utcnow()),
            execution_options={"synchronize_session": False},
        )

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
            _note(name, attempt, None, heartbeat=utcnow())
            sent.append(name)
    return sent


def requeue_lost_runs(after):
    """Send again, once, each run no worker took ``after`` seconds after queuing it.

    Only runs whose message was sent (no message of their own) and that were
    never queued again are taken; ``after`` 0 turns this off.
    """
    if not after:
        return []
    queued = func.coalesce(LocalRun.heartbeat, LocalRun.created)
    lost = db.session.execute(
        select(LocalRun.name, LocalRun.attempt).where(
            LocalRun.phase == Phase.PENDING.value,
            LocalRun.worker.is_(None),
            LocalRun.message.is_(None),
            queued <= utcnow() - timedelta(seconds=after),
        )
    ).all()
    sent = []
    for name, attempt in lost:
        if send_or_note(name, attempt):
            _note(name, attempt, REQUEUED.format(int(after)), heartbeat=utcnow())
            sent.append(name)
    return sent

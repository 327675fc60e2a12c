# SPDX-License-Identifier: MIT
"""Queueing a run once the transaction that created it has committed.

Services submit inside their unit of work, with the run rows flushed but not
committed; a worker that got the message earlier would not find the run, and
a rolled-back submit must send nothing. So submit and retry only note the
message on the session, and it leaves on the outermost commit. A savepoint
rolled back drops what was noted inside it.
"""

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

_PENDING = "compchem_local_pending"


def after_commit(session, name, attempt):
    """Send ``execute_run(name, attempt)`` when ``session`` commits."""
    transaction = session.get_nested_transaction() or session.get_transaction()
    queue = current_app.config["COMPCHEM_PROCESSOR_LOCAL_QUEUE"]
    session.info.setdefault(_PENDING, []).append((transaction, name, attempt, queue))


def send(name, attempt, queue):
    """Put the run on the queue of the local engine's workers."""
    from .tasks import execute_run

    execute_run.apply_async(args=(name, attempt), queue=queue)


@event.listens_for(Session, "after_commit")
def _send_pending(session):
    if session.in_nested_transaction():
        return
    for _, name, attempt, queue in session.info.pop(_PENDING, ()):
        send(name, attempt, queue)


def _within(transaction, ended):
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session, previous_transaction):
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
        return
    session.info[_PENDING] = [
        entry for entry in pending if not _within(entry[0], previous_transaction)
    ]

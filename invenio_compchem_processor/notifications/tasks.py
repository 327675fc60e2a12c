# SPDX-License-Identifier: MIT
"""The Celery task called once each time a run ends."""

from datetime import datetime, timedelta, timezone

from celery import current_app as current_celery_app
from celery import shared_task
from flask import current_app
from invenio_db import db
from sqlalchemy import select

from ..api import load_runs
from ..models import CompchemRun
from ..proxies import current_compchem
from .batches import batch_rows, decide
from .digest import send_digest

ENGINE_RETRY_DELAY = 60
"""Seconds before looking again when the engine could not say which runs are active."""

ENGINE_ATTEMPTS = 30
"""Looks at most while the engine cannot say which runs are active."""


def look_again(run_name, countdown, engine_attempt=0):
    """Queue a later look at the run's batch; ``False`` when none can be queued.

    Eager Celery ignores the countdown and would run the look at once, inside
    the look that asked for it, over and over until the wait was over. The
    task's own ``request.is_eager`` cannot tell: Flask-CeleryExt's
    ``AppContextTask`` replaces the request of the call with an empty one. The
    Celery application's configuration can.
    """
    if current_celery_app.conf.task_always_eager:
        return False
    notify_run_ended.apply_async(
        (run_name,), {"engine_attempt": engine_attempt}, countdown=countdown
    )
    return True


@shared_task(ignore_result=True)
def notify_run_ended(run_name, engine_attempt=0):
    """Send the digest of the run's batch if it is complete, or look again later.

    Later looks (a countdown, another try while the engine cannot be asked)
    are queued with a countdown for a worker; an eager Celery has no worker to
    wait for, so it makes none (see :func:`look_again`).
    """
    config = current_app.config
    if not config["COMPCHEM_PROCESSOR_NOTIFICATIONS_ENABLED"]:
        return None
    row = db.session.scalars(
        select(CompchemRun).where(CompchemRun.name == run_name)
    ).one_or_none()
    if row is None:
        return None
    window = timedelta(seconds=config["COMPCHEM_PROCESSOR_NOTIFY_BATCH_WINDOW"])
    runs = load_runs(
        batch_rows(row.record_id, row.created - window), current_compchem.engine
    )
    if runs and runs[0].engine_error:
        if engine_attempt + 1 < ENGINE_ATTEMPTS:
            look_again(run_name, ENGINE_RETRY_DELAY, engine_attempt + 1)
        return None
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    decision = decide(
        runs,
        run_name,
        now,
        config["COMPCHEM_PROCESSOR_NOTIFY_QUIET_PERIOD"],
        config["COMPCHEM_PROCESSOR_NOTIFY_SETTLE_PERIOD"],
    )
    if decision.send:
        return send_digest(row.record_id, decision.send)
    if decision.wait is not None:
        look_again(run_name, decision.wait)
    return None

# SPDX-License-Identifier: MIT
"""The Celery task called once each time a run ends."""

from datetime import datetime, timedelta, timezone

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


@shared_task(bind=True, ignore_result=True, max_retries=30)
def notify_run_ended(self, run_name):
    """Send the digest of the run's batch if it is complete, or look again later.

    Later looks (a countdown, a retry while the engine cannot be asked) need
    a real worker: in eager mode they would run at once, so there are none.
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
        if self.request.is_eager:
            return None
        raise self.retry(countdown=ENGINE_RETRY_DELAY)
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
    if decision.wait is not None and not self.request.is_eager:
        notify_run_ended.apply_async((run_name,), countdown=decision.wait)
    return None

# SPDX-License-Identifier: MIT
"""Celery tasks of bulk actions.

An action's task follows up on itself every
``COMPCHEM_PROCESSOR_ADMIN_BULK_INTERVAL`` seconds until the action is done or
stopped; Celery beat's ``advance_bulk_actions`` is the net for a follow-up that
got lost (a worker restart). Eager Celery (tests) never follows up: each
advance is then called where it is wanted.
"""

from celery import shared_task
from flask import current_app

from ...proxies import current_compchem


@shared_task(ignore_result=True)
def advance_bulk_action(bulk_id):
    """Submit the next runs of one bulk action, as its throttle allows."""
    state = current_compchem.admin_service.advance_bulk(bulk_id)
    current_app.logger.info(
        "Bulk action %s: %s submitted, %s in flight, %s queued.",
        bulk_id,
        state["submitted"],
        state["in_flight"],
        state["queued"],
    )
    config = current_app.config
    if not state["finished"] and not config.get("CELERY_TASK_ALWAYS_EAGER"):
        advance_bulk_action.apply_async(
            (bulk_id,), countdown=config["COMPCHEM_PROCESSOR_ADMIN_BULK_INTERVAL"]
        )


@shared_task(ignore_result=True)
def advance_bulk_actions():
    """Advance every bulk action that has runs left (Celery beat)."""
    service = current_compchem.admin_service
    for bulk_id in service.open_bulk_ids():
        service.advance_bulk(bulk_id)

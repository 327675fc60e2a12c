# SPDX-License-Identifier: MIT
"""Celery tasks of bulk actions: the first advance, and beat's periodic ones."""

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


@shared_task(ignore_result=True)
def advance_bulk_actions():
    """Advance every bulk action that has runs left (Celery beat)."""
    service = current_compchem.admin_service
    for bulk_id in service.open_bulk_ids():
        service.advance_bulk(bulk_id)

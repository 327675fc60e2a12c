# SPDX-License-Identifier: MIT
"""Celery tasks: react to uploads and deletions of draft files.

While the engine is unavailable a task retries with Celery's exponential
backoff (``COMPCHEM_PROCESSOR_SUBMIT_BACKOFF``, ``..._BACKOFF_MAX``) and
gives up after ``COMPCHEM_PROCESSOR_SUBMIT_MAX_RETRIES``.
"""

from datetime import datetime

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from flask import current_app

from .engines.base import EngineError, EngineUnavailableError
from .proxies import current_automatic_runs_service
from .services.errors import CompchemError, DraftNotFoundError


def _retry(task, error):
    """Retry ``task`` later; returns only when its retries are used up."""
    config = current_app.config
    retries = task.request.retries
    if retries >= config["COMPCHEM_PROCESSOR_SUBMIT_MAX_RETRIES"]:
        return
    raise task.retry(
        exc=error,
        max_retries=config["COMPCHEM_PROCESSOR_SUBMIT_MAX_RETRIES"],
        countdown=get_exponential_backoff_interval(
            factor=config["COMPCHEM_PROCESSOR_SUBMIT_BACKOFF"],
            retries=retries,
            maximum=config["COMPCHEM_PROCESSOR_SUBMIT_BACKOFF_MAX"],
            full_jitter=False,
        ),
    )


@shared_task(bind=True, ignore_result=True)
def process_committed_file(self, record_id, file_key, committed=None):
    """Start the automatic workflow of a committed file.

    ``committed`` is when the upload was committed (ISO 8601, UTC): a newer
    upload or run of the file makes this task step aside. When the engine
    stays unavailable or refuses the run, the run is recorded as one that
    could not start, with the reason.
    """
    logger = current_app.logger
    committed_at = datetime.fromisoformat(committed) if committed else None
    try:
        name = current_automatic_runs_service.process_upload(
            record_id, file_key, committed=committed_at
        )
    except DraftNotFoundError:
        logger.info(
            "No run for %s of %s: the draft is gone or published.", file_key, record_id
        )
        return
    except EngineUnavailableError as error:
        _retry(self, error)
        reason = f"The processing engine was unavailable: {error.message}"
        _could_not_start(record_id, file_key, reason)
        return
    except CompchemError as error:
        _could_not_start(record_id, file_key, str(error.description))
        return
    except EngineError as error:
        reason = f"The processing engine refused the run: {error.message}"
        _could_not_start(record_id, file_key, reason)
        return
    if name:
        logger.info("Started run %s for %s of %s.", name, file_key, record_id)


def _could_not_start(record_id, file_key, reason):
    try:
        name = current_automatic_runs_service.record_start_failure(
            record_id, file_key, reason
        )
    except DraftNotFoundError:
        return
    current_app.logger.warning(
        "Run %s for %s of %s could not start: %s", name, file_key, record_id, reason
    )


@shared_task(bind=True, ignore_result=True)
def stop_deleted_file_runs(self, record_id, file_key, deleted=None):
    """Stop the runs of a file that was deleted from its draft.

    ``deleted`` is when it was deleted (ISO 8601, UTC): runs started later
    hold the file uploaded again and are left alone.
    """
    started_before = datetime.fromisoformat(deleted) if deleted else None
    try:
        current_automatic_runs_service.stop_file_runs(
            record_id, file_key, "deleted", started_before=started_before
        )
    except EngineUnavailableError as error:
        _retry(self, error)
        current_app.logger.error(
            "Could not stop the runs of deleted %s of %s: %s",
            file_key,
            record_id,
            error.message,
        )

# SPDX-License-Identifier: MIT
"""Celery task of the local engine: execute one attempt of one run.

Routed to ``COMPCHEM_PROCESSOR_LOCAL_QUEUE``; workers started with
``-Q compchem-local`` are the engine. The message is acknowledged late, and
the Pending -> Running claim is atomic, so a message delivered twice (worker
lost, broker visibility timeout) never executes an attempt twice.
"""

import time

from celery import current_app as current_celery
from celery import shared_task
from celery.signals import worker_process_init
from celery.utils.log import get_task_logger
from flask import current_app
from invenio_db import db

from . import forkserver, queueing, sweep  # noqa: F401 (sweep: the worker_ready hook)
from .executor import Execution, worker_name
from .state import RunState

logger = get_task_logger(__name__)

VISIBILITY_WAIT = 10
"""Seconds to wait for the submitting transaction's commit to become visible."""


def settings(config):
    """The worker's engine settings, from its application configuration."""
    return {
        "work_dir": config.get("COMPCHEM_PROCESSOR_LOCAL_WORKDIR"),
        "default_timeout": config.get("COMPCHEM_PROCESSOR_LOCAL_DEFAULT_TIMEOUT", 3600),
        "kill_grace": config.get("COMPCHEM_PROCESSOR_LOCAL_KILL_GRACE", 5),
        "poll_interval": config.get("COMPCHEM_PROCESSOR_LOCAL_POLL_INTERVAL", 0.5),
        "log_max_bytes": config.get("COMPCHEM_PROCESSOR_LOCAL_LOG_MAX_BYTES", 262144),
        "http_attempts": config.get("COMPCHEM_PROCESSOR_LOCAL_HTTP_ATTEMPTS", 6),
        "http_retry_delay": config.get("COMPCHEM_PROCESSOR_LOCAL_HTTP_RETRY_DELAY", 2),
        "warm": config.get("COMPCHEM_PROCESSOR_LOCAL_WARM", True),
        "preload": tuple(config.get("COMPCHEM_PROCESSOR_LOCAL_PRELOAD", ())),
        "memory_limit": config.get("COMPCHEM_PROCESSOR_LOCAL_MEMORY_LIMIT"),
    }


def _wait_for_row(state):
    deadline = time.monotonic() + VISIBILITY_WAIT
    while True:
        row = state.load()
        if row is not None or time.monotonic() > deadline:
            return row
        time.sleep(0.5)


@shared_task(ignore_result=True, acks_late=True)
def execute_run(name, attempt):
    """Execute attempt ``attempt`` of run ``name``, unless it was stopped or retried."""
    state = RunState(db.engine, name, attempt)
    row = _wait_for_row(state)
    if row is None:
        logger.warning("Run %s is unknown: its submit was rolled back.", name)
        return None
    run = state.claim(worker_name())
    if run is None:
        logger.info(
            "Run %s attempt %s is not pending (phase %s, attempt %s): skipped.",
            name,
            attempt,
            row.phase,
            row.attempt,
        )
        return None
    logger.info("Run %s attempt %s started.", name, attempt)
    phase = Execution(state, run, settings(current_app.config)).execute()
    logger.info("Run %s attempt %s ended: %s.", name, attempt, phase)
    return None


@shared_task(ignore_result=True)
def queue_waiting_runs():
    """Queue the runs left waiting while the broker was unreachable, or lost.

    Scheduled by Celery beat (``COMPCHEM_PROCESSOR_LOCAL_REQUEUE_SCHEDULE``
    in ``CELERY_BEAT_SCHEDULE``): it runs once the broker answers again.
    """
    sent = queueing.queue_waiting_runs()
    if sent:
        logger.info("Queued %s runs that waited for the broker.", len(sent))
    after = current_app.config.get("COMPCHEM_PROCESSOR_LOCAL_REQUEUE_AFTER", 300)
    lost = queueing.requeue_lost_runs(after)
    if lost:
        logger.warning(
            "Queued again %s runs whose message was lost: %s", len(lost), lost
        )
    return None


@worker_process_init.connect
def start_the_zygote(**kwargs):
    """A pool process of the engine's workers starts its zygote at once, so
    that the imports are done before its first run (:mod:`.forkserver`)."""
    flask_app = getattr(current_celery, "flask_app", None)
    if flask_app is None:
        return
    config = flask_app.config
    queues = current_celery.amqp.queues
    consumed = set(queues.consume_from or queues)
    if config.get("COMPCHEM_PROCESSOR_LOCAL_QUEUE") not in consumed:
        return
    if config.get("COMPCHEM_PROCESSOR_LOCAL_WARM", True):
        forkserver.shared(config.get("COMPCHEM_PROCESSOR_LOCAL_PRELOAD", ()))

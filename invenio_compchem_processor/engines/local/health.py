# SPDX-License-Identifier: MIT
"""Whether the local engine can run work: a worker listens on its queue.

``LocalHealth`` is a part of ``LocalEngine`` (its ``queue`` and
``health_timeout`` settings).
"""

from flask import current_app
from invenio_cache import current_cache

from ..errors import EngineUnavailableError


class LocalHealth:
    """The health check of the workers, and its cached answer for run lists."""

    def availability(self):
        """Why no run can start now (no worker, no broker), or None.

        ``list_runs`` reads the database only, so a list would look healthy
        with every worker gone; the health check answers instead, cached for
        ``COMPCHEM_PROCESSOR_LOCAL_HEALTH_CACHE`` seconds per queue.
        """
        key = f"compchem:local-availability:{self.queue}"
        cached = current_cache.get(key)
        if cached is not None:
            return cached or None
        try:
            self.health()
            problem = ""
        except EngineUnavailableError as error:
            problem = error.message
        current_cache.set(
            key,
            problem,
            timeout=current_app.config.get("COMPCHEM_PROCESSOR_LOCAL_HEALTH_CACHE", 10),
        )
        return problem or None

    def health(self):
        """The workers listening on the queue; ``EngineUnavailableError`` if none."""
        celery = current_app.extensions["invenio-celery"].celery
        inspect = celery.control.inspect(timeout=self.health_timeout)
        try:
            replies = inspect.active_queues() or {}
        except Exception as error:  # broker unreachable: kombu/redis/amqp errors
            raise EngineUnavailableError(
                f"The Celery broker is unreachable ({type(error).__name__})."
            ) from None
        workers = sorted(
            worker
            for worker, queues in replies.items()
            if any(q.get("name") == self.queue for q in queues or ())
        )
        if not workers:
            raise EngineUnavailableError(
                f"No Celery worker listens on the queue {self.queue!r}."
            )
        return {"engine": self.name, "queue": self.queue, "workers": workers}

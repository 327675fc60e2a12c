# SPDX-License-Identifier: MIT
"""Engine health as administrators see it: reachable, version, templates, workers.

Every check answers, engine down or not: a check that fails says why, and the
last engine error any admin page saw is kept for an hour-later look.
"""

from flask import current_app
from invenio_cache import current_cache

from ...engines.argo import templates as argo_templates
from ...engines.base import EngineError
from ...proxies import current_compchem


def _template_state(shipped, cluster):
    """``ok``, ``missing`` or ``drift`` (the cluster's spec differs from the shipped)."""
    if cluster is None:
        return "missing"
    return "ok" if cluster.get("spec") == shipped.get("spec") else "drift"


def _argo_details(engine):
    """Namespace, and each shipped or referenced template's presence and drift."""
    details = {"namespace": engine.client.namespace, "url": engine.client.url}
    cluster = {
        item["metadata"]["name"]: item
        for item in engine.list_templates()
        if isinstance(item, dict)
    }
    shipped = {t["metadata"]["name"]: t for t in argo_templates.load_templates()}
    referenced = argo_templates.referenced_templates(current_compchem.workflows)
    details["templates"] = [
        {
            "name": name,
            "shipped": name in shipped,
            "referenced": name in referenced,
            "state": (
                _template_state(shipped[name], cluster.get(name))
                if name in shipped
                else ("ok" if name in cluster else "missing")
            ),
        }
        for name in sorted(set(shipped) | referenced)
    ]
    return details


def queue_length(connection, queue):
    """Messages waiting on ``queue``, asked of the broker over ``connection``.

    A queue the broker does not know holds nothing: RabbitMQ has not declared
    it yet, and Redis drops the key of an emptied queue. The question has a
    channel of its own, since RabbitMQ closes the channel that asked it.
    """
    try:
        with connection.channel() as channel:
            declared = channel.queue_declare(queue=queue, passive=True)
    except connection.channel_errors as error:
        if "NOT_FOUND" in str(error):
            return 0
        raise
    return declared.message_count


def _queue_length(queue):
    """Messages waiting on the local engine's queue, from its broker."""
    celery = current_app.extensions["invenio-celery"].celery
    with celery.connection_for_read() as connection:
        return queue_length(connection, queue)


class HealthAdministration:
    """The engine health part of the admin service."""

    def health(self, identity):
        """Reachable or not, version, and the engine's own details."""
        from .service import LAST_ENGINE_ERROR

        self.require_permission(identity, "read_health")
        engine = self.engine
        state = {
            "engine": engine.name,
            "reachable": False,
            "version": None,
            "error": None,
            "last_error": current_cache.get(LAST_ENGINE_ERROR),
        }
        try:
            answer = engine.health() or {}
            state["reachable"] = True
        except EngineError as error:
            state["error"] = error.message
            self.remember_engine_error(error.message)
            return state
        if engine.name == "argo":
            state["version"] = answer.get("version")
            try:
                state.update(_argo_details(engine))
            except EngineError as error:
                state["error"] = error.message
        else:
            state["version"] = "local"
            state["workers"] = answer.get("workers", [])
            state["queue"] = answer.get("queue")
            try:
                state["queue_length"] = _queue_length(answer.get("queue"))
            except Exception as error:  # broker-specific errors
                state["queue_length"] = None
                state["error"] = f"Queue length unknown ({type(error).__name__})."
        return state

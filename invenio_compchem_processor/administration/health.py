# SPDX-License-Identifier: MIT
"""The Engine health view: reachable, version, templates, workers, last error."""

from flask import g
from invenio_i18n import lazy_gettext as _

from ..proxies import current_compchem
from .pages import CompchemPage


class EngineHealthView(CompchemPage, page="engine_health"):
    """The engine's health, checked when the page is opened."""

    name = "compchem-engine-health"
    url = "/compchem/engine"
    title = _("Processing engine")
    menu_label = _("Engine health")
    icon = "heartbeat"

    def context(self):
        """The health table, rendered on the server."""
        return {"health": current_compchem.admin_service.health(g.identity)}

# SPDX-License-Identifier: MIT
"""The Engine health view: reachable, version, templates, workers, last error."""

from flask import g
from invenio_administration.views.base import AdminView
from invenio_i18n import lazy_gettext as _

from ..proxies import current_compchem
from .runs import CATEGORY, EXTENSION


class EngineHealthView(AdminView):
    """The engine's health, checked when the page is opened."""

    extension_name = EXTENSION
    name = "compchem-engine-health"
    url = "/compchem/engine"
    title = _("Processing engine")
    menu_label = _("Engine health")
    category = CATEGORY
    icon = "heartbeat"
    template = "invenio_compchem_processor/administration/engine_health.html"

    def get(self):
        """The health table, rendered on the server."""
        health = current_compchem.admin_service.health(g.identity)
        return self.render(title=self.title, health=health)

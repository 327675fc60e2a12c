# SPDX-License-Identifier: MIT
"""The Workflows view: counts per workflow and the switch that pauses it."""

from invenio_administration.views.base import AdminView
from invenio_i18n import lazy_gettext as _

from .runs import CATEGORY, EXTENSION


class WorkflowsView(AdminView):
    """Each configured workflow with its counts and pause switch (React)."""

    extension_name = EXTENSION
    name = "compchem-workflows"
    url = "/compchem/workflows"
    title = _("Processing workflows")
    menu_label = _("Workflows")
    category = CATEGORY
    icon = "sitemap"
    template = "invenio_compchem_processor/administration/workflows.html"

    def get(self):
        """The page; the table loads from the admin API."""
        return self.render(title=self.title)

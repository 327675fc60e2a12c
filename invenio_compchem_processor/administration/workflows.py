# SPDX-License-Identifier: MIT
"""The Workflows view: counts per workflow and the switch that pauses it."""

from invenio_i18n import lazy_gettext as _

from .pages import CompchemPage


class WorkflowsView(CompchemPage, page="workflows"):
    """Each configured workflow with its counts and pause switch (React).

    The page holds the table's mount point; the table loads from the admin API.
    """

    name = "compchem-workflows"
    url = "/compchem/workflows"
    title = _("Processing workflows")
    menu_label = _("Workflows")
    icon = "sitemap"

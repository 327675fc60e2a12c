# SPDX-License-Identifier: MIT
"""The Runs views: every run of every record, and one run in full."""

import marshmallow as ma
from flask import current_app, g
from invenio_administration.views.base import (
    AdminResourceDetailView,
    AdminResourceListView,
)
from invenio_i18n import lazy_gettext as _

from ..proxies import current_compchem
from .display import HELPERS

EXTENSION = "invenio-compchem-processor"
CATEGORY = _("Processing")


class RunColumnsSchema(ma.Schema):
    """The columns of the run list, typed for the generic search app's formatters."""

    name = ma.fields.String()
    record_id = ma.fields.String()
    workflow = ma.fields.String()
    phase = ma.fields.String()
    file_keys = ma.fields.String()
    trigger = ma.fields.String()
    created = ma.fields.DateTime()
    duration = ma.fields.Float()
    message = ma.fields.String()


class RunsListView(AdminResourceListView):
    """All runs: facets, search by record, file, run or owner's email, sorts."""

    extension_name = EXTENSION
    name = "compchem-runs"
    url = "/compchem/runs"
    resource_config = "admin_resource"
    api_endpoint = "/compchem/admin/runs"
    title = _("Processing runs")
    menu_label = _("Runs")
    category = CATEGORY
    icon = "cogs"
    pid_path = "name"
    display_search = True
    display_read = True
    display_create = False
    display_edit = False
    display_delete = False
    search_config_name = "COMPCHEM_PROCESSOR_ADMIN_SEARCH"
    search_facets_config_name = "COMPCHEM_PROCESSOR_ADMIN_FACETS"
    search_sort_config_name = "COMPCHEM_PROCESSOR_ADMIN_SORT_OPTIONS"
    template = "invenio_compchem_processor/administration/runs_search.html"
    item_field_list = {
        "name": {"text": _("Run"), "order": 1, "width": 3},
        "record_id": {"text": _("Record"), "order": 2, "width": 2},
        "workflow": {"text": _("Workflow"), "order": 3, "width": 2},
        "phase": {"text": _("Phase"), "order": 4, "width": 2},
        "file_keys": {"text": _("Files"), "order": 5, "width": 3},
        "trigger": {"text": _("Started by"), "order": 6, "width": 1},
        "created": {"text": _("Created"), "order": 7, "width": 2},
        "duration": {"text": _("Duration"), "order": 8, "width": 1},
    }
    actions = {
        "stop": {"text": _("Stop"), "payload_schema": None, "order": 1},
        "retry": {"text": _("Retry"), "payload_schema": None, "order": 2},
        "restart": {"text": _("Restart"), "payload_schema": None, "order": 3},
    }
    """The list's actions column; each row shows those its run allows."""

    @classmethod
    def get_service_schema(cls):
        """The columns' types (the service's run schema computes its fields)."""
        return RunColumnsSchema()

    def get_context(self, **kwargs):
        """The generic search page, plus how often to refresh while runs are active."""
        context = super().get_context(**kwargs)
        context["refresh_seconds"] = current_app.config[
            "COMPCHEM_PROCESSOR_ADMIN_REFRESH_SECONDS"
        ]
        return context


class RunDetailView(AdminResourceDetailView):
    """One run: record, files, steps, log tail, failure, results, credential."""

    extension_name = EXTENSION
    name = "compchem-run-details"
    url = "/compchem/runs/<pid_value>"
    resource_config = "admin_resource"
    api_endpoint = "/compchem/admin/runs"
    title = _("Processing run")
    pid_path = "name"
    display_edit = False
    display_delete = False
    list_view_name = "compchem-runs"
    template = "invenio_compchem_processor/administration/run_details.html"

    @staticmethod
    def disabled():
        """Not in the menu: reached from the list."""
        return True

    @classmethod
    def get_service_schema(cls):
        """The columns' types."""
        return RunColumnsSchema()

    def get_context(self, pid_value=None):
        """The run as the admin API serves it, rendered on the server."""
        context = super().get_context(pid_value=pid_value)
        service = current_compchem.admin_service
        context["run"] = service.read(g.identity, pid_value).to_dict()
        context.update(HELPERS)
        return context

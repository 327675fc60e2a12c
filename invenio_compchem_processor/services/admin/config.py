# SPDX-License-Identifier: MIT
"""Configuration of the admin service: policy, schemas, facets and sorts."""

import marshmallow as ma
from invenio_i18n import lazy_gettext as _
from invenio_records_resources.services.base import ServiceConfig
from invenio_records_resources.services.base.config import ConfiguratorMixin, FromConfig

from .permissions import AdminPermissionPolicy
from .results import AdminRunItem, AdminRunList
from .schemas import (
    AdminRunDetailSchema,
    AdminRunSchema,
    BulkRequestSchema,
    SwitchSchema,
)


class RunFacet:
    """A facet of the admin run list as invenio-search-ui reads it (a label)."""

    def __init__(self, label):
        """Constructor."""
        self._label = label


class AdminSearchArgsSchema(ma.Schema):
    """Arguments of the admin run list: search, filters, sort, page."""

    q = ma.fields.String()
    record_id = ma.fields.String()
    phase = ma.fields.List(ma.fields.String())
    workflow = ma.fields.List(ma.fields.String())
    engine = ma.fields.List(ma.fields.String())
    trigger = ma.fields.List(ma.fields.String())
    created = ma.fields.List(ma.fields.String())
    sort = ma.fields.String(
        load_default="newest",
        validate=ma.validate.OneOf(["newest", "oldest", "longest", "shortest"]),
    )
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1))
    size = ma.fields.Integer(
        load_default=20, validate=ma.validate.Range(min=1, max=100)
    )

    class Meta:
        """Unknown arguments are an error."""

        unknown = ma.RAISE


class AdminServiceConfig(ServiceConfig, ConfiguratorMixin):
    """Runs of all records as administrators see and control them."""

    service_id = "compchem-admin"
    permission_policy_cls = FromConfig(
        "COMPCHEM_PROCESSOR_ADMIN_PERMISSION_POLICY", default=AdminPermissionPolicy
    )
    result_item_cls = AdminRunItem
    result_list_cls = AdminRunList
    schema = AdminRunSchema
    detail_schema = AdminRunDetailSchema
    bulk_schema = BulkRequestSchema
    switch_schema = SwitchSchema
    search_args_schema = AdminSearchArgsSchema
    facet_labels = {
        "phase": _("Phase"),
        "workflow": _("Workflow"),
        "engine": _("Engine"),
        "trigger": _("Started by"),
        "created": _("Created"),
    }

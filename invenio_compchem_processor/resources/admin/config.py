# SPDX-License-Identifier: MIT
"""Routes and request arguments of the admin API."""

import marshmallow as ma
from flask_resources import (
    JSONSerializer,
    MultiDictSchema,
    ResourceConfig,
    ResponseHandler,
)
from invenio_records_resources.services.base.config import ConfiguratorMixin

from ...services.admin.config import AdminSearchArgsSchema
from ..errors import error_handlers


class AdminSearchArgs(AdminSearchArgsSchema, MultiDictSchema):
    """The admin run list's query string; filters repeat (``phase=A&phase=B``)."""


class AdminResourceConfig(ResourceConfig, ConfiguratorMixin):
    """Everything under ``/compchem/admin``; administration access only."""

    blueprint_name = "compchem_admin"
    url_prefix = "/compchem/admin"
    routes = {
        "runs": "/runs",
        "run": "/runs/<name>",
        "run_action": "/runs/<name>/actions/<action>",
        "bulk": "/bulk",
        "bulk_item": "/bulk/<int:bulk_id>",
        "bulk_stop": "/bulk/<int:bulk_id>/stop",
        "campaigns": "/campaigns",
        "campaign": "/campaigns/<int:bulk_id>",
        "campaign_switch": "/campaigns/<int:bulk_id>/<campaign_switch>",
        "workflows": "/workflows",
        "workflow": "/workflows/<name>",
        "workflow_switch": "/workflows/<name>/<switch>",
        "health": "/health",
    }
    request_view_args = {
        "name": ma.fields.String(),
        "action": ma.fields.String(
            validate=ma.validate.OneOf(["stop", "retry", "restart"])
        ),
        "switch": ma.fields.String(validate=ma.validate.OneOf(["pause", "resume"])),
        "bulk_id": ma.fields.Integer(),
        "campaign_switch": ma.fields.String(
            validate=ma.validate.OneOf(["pause", "resume", "stop"])
        ),
    }
    request_search_args = AdminSearchArgs
    response_handlers = {
        "application/json": ResponseHandler(JSONSerializer()),
        # What react-invenio-forms' HTTP client asks for by default.
        "application/vnd.inveniordm.v1+json": ResponseHandler(JSONSerializer()),
    }
    error_handlers = error_handlers

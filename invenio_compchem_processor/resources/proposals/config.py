# SPDX-License-Identifier: MIT
"""Routes of a published record's campaign proposals."""

import marshmallow as ma
from flask_resources import ResourceConfig
from invenio_records_resources.services.base.config import ConfiguratorMixin

from ..errors import error_handlers


class ProposalsResourceConfig(ResourceConfig, ConfiguratorMixin):
    """A published record's proposals, under RDM's record paths."""

    blueprint_name = "compchem_proposals"
    url_prefix = "/records/<pid_value>/compchem/proposals"
    routes = {
        "list": "",
        "item": "/<int:campaign_id>",
        "accept": "/<int:campaign_id>/accept",
        "decline": "/<int:campaign_id>/decline",
    }
    request_view_args = {
        "pid_value": ma.fields.String(),
        "campaign_id": ma.fields.Integer(),
    }
    error_handlers = error_handlers

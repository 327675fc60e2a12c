# SPDX-License-Identifier: MIT
"""Routes of the workflow definitions."""

from flask_resources import ResourceConfig
from invenio_records_resources.services.base.config import ConfiguratorMixin

from ..errors import error_handlers


class WorkflowsResourceConfig(ResourceConfig, ConfiguratorMixin):
    """The deployer's workflow definitions."""

    blueprint_name = "compchem_workflows"
    url_prefix = "/compchem/workflows"
    routes = {"list": ""}
    error_handlers = error_handlers

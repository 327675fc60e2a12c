# SPDX-License-Identifier: MIT
"""Configuration of the workflow definitions service."""

from invenio_records_resources.services.base import ServiceConfig
from invenio_records_resources.services.base.config import ConfiguratorMixin, FromConfig

from ..permissions import RunsPermissionPolicy


class WorkflowsServiceConfig(ServiceConfig, ConfiguratorMixin):
    """Workflow definitions service configuration."""

    service_id = "compchem-workflows"
    permission_policy_cls = FromConfig(
        "COMPCHEM_PROCESSOR_PERMISSION_POLICY", default=RunsPermissionPolicy
    )

# SPDX-License-Identifier: MIT
"""Configuration of the run events service."""

from invenio_records_resources.services.base import ServiceConfig
from invenio_records_resources.services.base.config import ConfiguratorMixin, FromConfig

from ..permissions import RunsPermissionPolicy


class RunEventsServiceConfig(ServiceConfig, ConfiguratorMixin):
    """Whoever may read a draft's runs may follow their events."""

    service_id = "compchem-run-events"
    permission_policy_cls = FromConfig(
        "COMPCHEM_PROCESSOR_PERMISSION_POLICY", default=RunsPermissionPolicy
    )

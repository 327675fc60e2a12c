# SPDX-License-Identifier: MIT
"""Configuration of the runs and workflows services."""

from invenio_records_resources.services.base import ServiceConfig
from invenio_records_resources.services.base.config import ConfiguratorMixin, FromConfig

from .links import RecordRunsLink, RunLink
from .permissions import RunsPermissionPolicy


class RunsServiceConfig(ServiceConfig, ConfiguratorMixin):
    """Runs service configuration."""

    service_id = "compchem-runs"
    permission_policy_cls = FromConfig(
        "COMPCHEM_PROCESSOR_PERMISSION_POLICY", default=RunsPermissionPolicy
    )
    links = {
        "run": {
            "self": RunLink("compchem_runs.read"),
            "logs": RunLink("compchem_runs.read_logs"),
            "stop": RunLink("compchem_runs.stop"),
            "retry": RunLink("compchem_runs.retry"),
            "resubmit": RunLink("compchem_runs.resubmit"),
        },
        "runs": {
            "self": RecordRunsLink("compchem_runs.search"),
            "workflows": RecordRunsLink("compchem_runs.available_workflows"),
        },
    }


class WorkflowsServiceConfig(ServiceConfig, ConfiguratorMixin):
    """Workflow definitions service configuration."""

    service_id = "compchem-workflows"
    permission_policy_cls = FromConfig(
        "COMPCHEM_PROCESSOR_PERMISSION_POLICY", default=RunsPermissionPolicy
    )

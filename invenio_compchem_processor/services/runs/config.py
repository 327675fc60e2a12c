# SPDX-License-Identifier: MIT
"""Configuration of the runs services."""

from invenio_records_resources.services.base import ServiceConfig
from invenio_records_resources.services.base.config import ConfiguratorMixin, FromConfig
from invenio_records_resources.services.records.links import pagination_endpoint_links

from ..permissions import RunsPermissionPolicy
from .links import (
    EarlierVersionLink,
    RecordRunsLink,
    RunLink,
    allowed,
    can_resubmit,
    can_retry,
    can_stop,
)
from .results import RunItem, RunList
from .schemas import LogLineSchema, RunDetailSchema, RunSchema, StartRunSchema


class RunsServiceConfig(ServiceConfig, ConfiguratorMixin):
    """A draft's runs, as its depositors see and control them."""

    service_id = "compchem-runs"
    permission_policy_cls = FromConfig(
        "COMPCHEM_PROCESSOR_PERMISSION_POLICY", default=RunsPermissionPolicy
    )
    result_item_cls = RunItem
    result_list_cls = RunList
    schema = RunSchema
    detail_schema = RunDetailSchema
    start_schema = StartRunSchema
    log_line_schema = LogLineSchema
    actions = ("stop", "retry", "resubmit")
    """Actions whose links depend on the identity's permissions."""
    links_item = {
        "self": RunLink("compchem_runs.read"),
        "logs": RunLink("compchem_runs.read_logs"),
        "stop": RunLink("compchem_runs.stop", when=allowed("stop", can_stop)),
        "retry": RunLink("compchem_runs.retry", when=allowed("retry", can_retry)),
        "resubmit": RunLink(
            "compchem_runs.resubmit", when=allowed("resubmit", can_resubmit)
        ),
        "draft_runs": RecordRunsLink("compchem_runs.search"),
        "earlier_version": EarlierVersionLink(),
    }
    links_search = {
        **pagination_endpoint_links("compchem_runs.search", params=["pid_value"]),
        "workflows": RecordRunsLink("compchem_runs.available_workflows"),
    }


class AutomaticRunsServiceConfig(ServiceConfig, ConfiguratorMixin):
    """Runs the system starts and stops as files are uploaded and deleted."""

    service_id = "compchem-automatic-runs"
    permission_policy_cls = FromConfig(
        "COMPCHEM_PROCESSOR_PERMISSION_POLICY", default=RunsPermissionPolicy
    )

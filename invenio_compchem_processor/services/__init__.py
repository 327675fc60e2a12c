# SPDX-License-Identifier: MIT
"""Services of invenio-compchem-processor, one folder per concept."""

from .admin import AdminService, AdminServiceConfig
from .callbacks import RunCallbackService, RunCallbackServiceConfig
from .events import RunEventsService, RunEventsServiceConfig
from .proposals import ProposalsService, ProposalsServiceConfig
from .runs import (
    AutomaticRunsService,
    AutomaticRunsServiceConfig,
    RunsService,
    RunsServiceConfig,
)
from .workflows import WorkflowsService, WorkflowsServiceConfig

__all__ = (
    "AdminService",
    "AdminServiceConfig",
    "AutomaticRunsService",
    "AutomaticRunsServiceConfig",
    "ProposalsService",
    "ProposalsServiceConfig",
    "RunCallbackService",
    "RunCallbackServiceConfig",
    "RunEventsService",
    "RunEventsServiceConfig",
    "RunsService",
    "RunsServiceConfig",
    "WorkflowsService",
    "WorkflowsServiceConfig",
)

# SPDX-License-Identifier: MIT
"""Services of invenio-compchem-processor, one folder per concept."""

from .admin import AdminService, AdminServiceConfig
from .callbacks import RunCallbackService, RunCallbackServiceConfig
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
    "RunCallbackService",
    "RunCallbackServiceConfig",
    "RunsService",
    "RunsServiceConfig",
    "WorkflowsService",
    "WorkflowsServiceConfig",
)

# SPDX-License-Identifier: MIT
"""Services of invenio-compchem-processor, one folder per concept."""

from .callbacks import RunCallbackService, RunCallbackServiceConfig
from .runs import (
    AutomaticRunsService,
    AutomaticRunsServiceConfig,
    RunsService,
    RunsServiceConfig,
)
from .workflows import WorkflowsService, WorkflowsServiceConfig

__all__ = (
    "AutomaticRunsService",
    "AutomaticRunsServiceConfig",
    "RunCallbackService",
    "RunCallbackServiceConfig",
    "RunsService",
    "RunsServiceConfig",
    "WorkflowsService",
    "WorkflowsServiceConfig",
)

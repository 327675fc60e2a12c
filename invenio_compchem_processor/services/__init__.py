# SPDX-License-Identifier: MIT
"""Services of invenio-compchem-processor."""

from .config import RunsServiceConfig, WorkflowsServiceConfig
from .runs import RunsService
from .workflows import WorkflowsService

__all__ = (
    "RunsService",
    "RunsServiceConfig",
    "WorkflowsService",
    "WorkflowsServiceConfig",
)

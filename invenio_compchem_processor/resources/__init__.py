# SPDX-License-Identifier: MIT
"""REST resources of invenio-compchem-processor, one folder per concept."""

from .admin import AdminResource, AdminResourceConfig
from .callbacks import RunCallbacksResource, RunCallbacksResourceConfig
from .events import RunEventsResource, RunEventsResourceConfig
from .proposals import ProposalsResource, ProposalsResourceConfig
from .runs import RunsResource, RunsResourceConfig
from .workflows import WorkflowsResource, WorkflowsResourceConfig

__all__ = (
    "AdminResource",
    "AdminResourceConfig",
    "ProposalsResource",
    "ProposalsResourceConfig",
    "RunCallbacksResource",
    "RunCallbacksResourceConfig",
    "RunEventsResource",
    "RunEventsResourceConfig",
    "RunsResource",
    "RunsResourceConfig",
    "WorkflowsResource",
    "WorkflowsResourceConfig",
)

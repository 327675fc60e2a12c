# SPDX-License-Identifier: MIT
"""REST resources of invenio-compchem-processor."""

from .config import RunsResourceConfig, WorkflowsResourceConfig
from .runs import RunsResource
from .workflows import WorkflowsResource

__all__ = (
    "RunsResource",
    "RunsResourceConfig",
    "WorkflowsResource",
    "WorkflowsResourceConfig",
)

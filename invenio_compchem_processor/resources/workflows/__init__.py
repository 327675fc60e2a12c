# SPDX-License-Identifier: MIT
"""The workflow definitions over HTTP."""

from .config import WorkflowsResourceConfig
from .resource import WorkflowsResource

__all__ = ("WorkflowsResource", "WorkflowsResourceConfig")

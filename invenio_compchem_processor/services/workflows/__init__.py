# SPDX-License-Identifier: MIT
"""The deployer's workflow definitions."""

from .config import WorkflowsServiceConfig
from .service import WorkflowsService

__all__ = ("WorkflowsService", "WorkflowsServiceConfig")

# SPDX-License-Identifier: MIT
"""Runs of a draft: a depositor's commands and the system's reactions to uploads."""

from .automatic import AutomaticRunsService
from .config import AutomaticRunsServiceConfig, RunsServiceConfig
from .service import RunsService

__all__ = (
    "AutomaticRunsService",
    "AutomaticRunsServiceConfig",
    "RunsService",
    "RunsServiceConfig",
)

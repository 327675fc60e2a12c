# SPDX-License-Identifier: MIT
"""Campaign proposals over HTTP."""

from .config import ProposalsResourceConfig
from .resource import ProposalsResource

__all__ = ("ProposalsResource", "ProposalsResourceConfig")

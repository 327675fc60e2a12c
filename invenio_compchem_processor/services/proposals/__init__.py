# SPDX-License-Identifier: MIT
"""Campaign proposals: what a campaign asks the owners of published records."""

from .config import ProposalsServiceConfig
from .service import ProposalsService

__all__ = ("ProposalsService", "ProposalsServiceConfig")

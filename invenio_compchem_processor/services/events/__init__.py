# SPDX-License-Identifier: MIT
"""Live events of runs: the bus, publishing after commit, and per-draft streams."""

from .config import RunEventsServiceConfig
from .ops import PublishEventOp
from .service import RunEventsService

__all__ = ("PublishEventOp", "RunEventsService", "RunEventsServiceConfig")

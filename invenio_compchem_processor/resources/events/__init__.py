# SPDX-License-Identifier: MIT
"""A draft's run events over HTTP."""

from .config import RunEventsResourceConfig
from .resource import RunEventsResource

__all__ = ("RunEventsResource", "RunEventsResourceConfig")

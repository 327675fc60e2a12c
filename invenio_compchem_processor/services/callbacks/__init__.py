# SPDX-License-Identifier: MIT
"""The run callback API's service: what a run may do with its credential."""

from .config import RunCallbackServiceConfig
from .service import RunCallbackService

__all__ = ("RunCallbackService", "RunCallbackServiceConfig")

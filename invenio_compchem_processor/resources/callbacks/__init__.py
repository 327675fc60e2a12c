# SPDX-License-Identifier: MIT
"""The run callback API over HTTP."""

from .config import RunCallbacksResourceConfig
from .resource import RunCallbacksResource

__all__ = ("RunCallbacksResource", "RunCallbacksResourceConfig")

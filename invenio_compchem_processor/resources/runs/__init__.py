# SPDX-License-Identifier: MIT
"""A draft's runs over HTTP."""

from .config import RunsResourceConfig
from .resource import RunsResource

__all__ = ("RunsResource", "RunsResourceConfig")

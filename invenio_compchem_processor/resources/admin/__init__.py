# SPDX-License-Identifier: MIT
"""The admin API: every run, bulk actions, workflow switches, engine health."""

from .config import AdminResourceConfig
from .resource import AdminResource

__all__ = ("AdminResource", "AdminResourceConfig")

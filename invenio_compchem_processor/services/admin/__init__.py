# SPDX-License-Identifier: MIT
"""What an administrator does: every run, bulk actions, workflow switches, engine health."""

from .config import AdminServiceConfig
from .service import AdminService

__all__ = ("AdminService", "AdminServiceConfig")

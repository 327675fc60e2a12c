# SPDX-License-Identifier: MIT
"""Engines that execute runs: the interface, its value types and errors."""

from . import base
from .base import *  # noqa: F401,F403 (the interface is the package's face)

__all__ = base.__all__

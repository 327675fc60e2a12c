# SPDX-License-Identifier: MIT
"""Fakes of the services the package talks to; tests only, never shipped."""

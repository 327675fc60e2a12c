# SPDX-License-Identifier: MIT
"""Tests of the example programs."""

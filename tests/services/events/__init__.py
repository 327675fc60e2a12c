# SPDX-License-Identifier: MIT
"""Tests of live run events."""

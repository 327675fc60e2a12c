# SPDX-License-Identifier: MIT
"""Tests of the run callback service."""

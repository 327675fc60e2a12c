# SPDX-License-Identifier: MIT
"""Tests of the REST API."""

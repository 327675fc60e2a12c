# SPDX-License-Identifier: MIT
"""Tests of the admin REST API."""

# SPDX-License-Identifier: MIT
"""Tests of the digest email of ended runs."""

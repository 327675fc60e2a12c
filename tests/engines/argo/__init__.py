# SPDX-License-Identifier: MIT
"""Tests of the Argo engine, against the fake Argo server."""

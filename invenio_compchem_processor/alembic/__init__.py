# SPDX-License-Identifier: MIT
"""Alembic migrations of invenio-compchem-processor."""

# SPDX-License-Identifier: MIT
"""Tests of the local engine, with real Celery workers."""

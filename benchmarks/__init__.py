# SPDX-License-Identifier: MIT
"""Benchmarks, run from the repository's root (``python -m benchmarks.<name>``
or ``python -m pytest benchmarks/<name>.py``); they share ``tests.support``."""

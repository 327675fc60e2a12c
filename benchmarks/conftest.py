# SPDX-License-Identifier: MIT
"""Benchmarks reuse the test harness: real PostgreSQL, RDM services, fake Argo.

``benchmarks`` is a package beside ``tests``, so pytest puts the repository's
root on the import path and the tests' fixtures load as a plugin.
"""

pytest_plugins = ["tests.conftest"]

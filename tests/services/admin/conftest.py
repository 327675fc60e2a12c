# SPDX-License-Identifier: MIT
"""Admin tests see the engine's phases fresh on every call."""

import pytest


@pytest.fixture(scope="module")
def app_config(app_config):
    """No reuse of the engine's phases between two searches."""
    app_config["COMPCHEM_PROCESSOR_ADMIN_PHASES_CACHE_SECONDS"] = 0
    return app_config

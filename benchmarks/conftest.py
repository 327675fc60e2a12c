# SPDX-License-Identifier: MIT
"""Benchmarks reuse the test harness: real PostgreSQL, RDM services, fake Argo."""

import importlib.util
import sys
from pathlib import Path

TESTS = Path(__file__).parents[1] / "tests"
sys.path.insert(0, str(TESTS))

_spec = importlib.util.spec_from_file_location(
    "compchem_harness", TESTS / "conftest.py"
)
harness = importlib.util.module_from_spec(_spec)
sys.modules["compchem_harness"] = harness
_spec.loader.exec_module(harness)
globals().update({k: v for k, v in vars(harness).items() if not k.startswith("_")})

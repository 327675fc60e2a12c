# SPDX-License-Identifier: MIT
"""docs/openapi.yaml describes exactly the routes the module serves."""

import re
from pathlib import Path

import yaml

SPEC = Path(__file__).parents[2] / "docs" / "openapi.yaml"


def test_openapi_matches_the_routes(app):
    spec = yaml.safe_load(SPEC.read_text())
    documented = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method in operations
    }
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(
            (
                "compchem_runs.",
                "compchem_workflows.",
                "compchem_run_callbacks.",
                "compchem_proposals.",
            )
        ):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).rstrip("/") or "/"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            served.add((method, path))
    assert served
    assert documented == served

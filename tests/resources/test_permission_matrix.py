# SPDX-License-Identifier: MIT
"""Who may do what: every kind of user against every endpoint, over HTTP.

Runs follow the draft: a user the draft is shared with for editing controls
runs; shared for previewing (reading the draft) sees them; shared for viewing
(RDM's "view": the published record only, not the draft) sees nothing.
"""

import pytest

from tests.support.drafts import post

ALLOWED = {
    "workflows": {"stranger", "owner", "editor", "previewer", "viewer", "admin"},
    "available": {"owner", "editor", "previewer", "admin"},
    "list": {"owner", "editor", "previewer", "admin"},
    "read": {"owner", "editor", "previewer", "admin"},
    "logs": {"owner", "editor", "previewer", "admin"},
    "start": {"owner", "editor", "admin"},
    "stop": {"owner", "editor", "admin"},
    "retry": {"owner", "editor", "admin"},
    "resubmit": {"owner", "editor", "admin"},
}
SUCCESS = {"start": 201, "stop": 202, "retry": 202, "resubmit": 201}
KEY = "psi4-water_mp2.out"


def _requests(record_id, fake):
    """(endpoint, method, path, body, state to set up first) in an order that works."""
    base = f"/records/{record_id}/draft/compchem"
    run1 = f"cclib-summary-{record_id}-1"
    run2 = f"cclib-summary-{record_id}-2"
    return [
        ("workflows", "get", "/compchem/workflows", None, None),
        ("available", "get", f"{base}/workflows", None, None),
        ("list", "get", f"{base}/runs", None, None),
        ("read", "get", f"{base}/runs/{run1}", None, None),
        ("logs", "get", f"{base}/runs/{run1}/logs", None, None),
        (
            "start",
            "post",
            f"{base}/runs",
            {"workflow": "cclib-summary", "files": [KEY]},
            lambda: fake.set_phase(run1, "Succeeded"),
        ),
        ("stop", "post", f"{base}/runs/{run2}/actions/stop", None, None),
        (
            "retry",
            "post",
            f"{base}/runs/{run2}/actions/retry",
            None,
            lambda: fake.set_phase(run2, "Failed", message="boom"),
        ),
        (
            "resubmit",
            "post",
            f"{base}/runs/{run2}/actions/resubmit",
            None,
            lambda: fake.set_phase(run2, "Succeeded"),
        ),
    ]


@pytest.mark.parametrize(
    "who", ["anonymous", "stranger", "owner", "editor", "previewer", "viewer", "admin"]
)
def test_permission_matrix(
    app, db, client, users, draft_factory, fake_argo_server, who
):
    record_id = draft_factory([KEY])
    if who != "anonymous":
        users[who].login(client)
    outcome = {}
    for endpoint, method, path, body, prepare in _requests(record_id, fake_argo_server):
        allowed = who in ALLOWED[endpoint]
        if allowed and prepare:
            prepare()
        res = client.get(path) if method == "get" else post(client, path, body)
        outcome[endpoint] = res.status_code
        expected = SUCCESS.get(endpoint, 200) if allowed else 403
        assert res.status_code == expected, (endpoint, res.status_code, res.json)
        assert res.is_json
    assert len(outcome) == len(ALLOWED)

# SPDX-License-Identifier: MIT
"""The admin REST API over HTTP: search, one run, actions, bulk, switches, health.

Every endpoint answers 403 to anyone without ``administration-access``.
"""

import pytest
from tests.support.drafts import post

KEY = "psi4-water_mp2.out"
OTHER = "nwchem7-water_mp2.out"
API = "/compchem/admin"


@pytest.fixture()
def admin_client(client, users):
    return users["admin"].login(client)


def _endpoints(run):
    return [
        ("get", f"{API}/runs", None),
        ("get", f"{API}/runs/{run}", None),
        ("post", f"{API}/runs/{run}/actions/stop", None),
        ("post", f"{API}/runs/{run}/actions/retry", None),
        ("post", f"{API}/runs/{run}/actions/restart", None),
        ("get", f"{API}/bulk", None),
        ("post", f"{API}/bulk", {"action": "retry", "dry_run": True}),
        ("get", f"{API}/bulk/1", None),
        ("post", f"{API}/bulk/1/stop", None),
        ("get", f"{API}/workflows", None),
        ("get", f"{API}/workflows/cclib-summary", None),
        ("post", f"{API}/workflows/cclib-summary/pause", {}),
        ("post", f"{API}/workflows/cclib-summary/resume", {}),
        ("get", f"{API}/health", None),
    ]


@pytest.mark.parametrize("who", ["anonymous", "stranger", "owner"])
def test_everything_is_refused_to_non_admins(
    app, db, client, users, draft_factory, who
):
    record_id = draft_factory([KEY])
    if who != "anonymous":
        users[who].login(client)
    for method, path, body in _endpoints(f"cclib-summary-{record_id}-1"):
        res = client.get(path) if method == "get" else post(client, path, body)
        expected = 401 if who == "anonymous" else 403
        assert res.status_code in (expected, 403), (path, res.status_code)


def test_search_filters_and_facets(
    app, db, admin_client, draft_factory, fake_argo_server
):
    record_id = draft_factory([KEY, OTHER])
    failed = f"cclib-summary-{record_id}-1"
    fake_argo_server.set_phase(failed, "Failed", message="parse error")
    res = admin_client.get(
        f"{API}/runs", query_string=[("phase", "Failed"), ("workflow", "cclib-summary")]
    )
    assert res.status_code == 200
    assert [h["name"] for h in res.json["hits"]["hits"]] == [failed]
    assert res.json["hits"]["total"] == 1
    assert res.json["aggregations"]["phase"]["buckets"][0] == {
        "key": "Failed",
        "doc_count": 1,
        "label": "Failed",
        "is_selected": True,
    }
    # The admin pages' HTTP client (react-invenio-forms) asks for this type.
    vnd = {"Accept": "application/vnd.inveniordm.v1+json"}
    assert admin_client.get(f"{API}/runs", headers=vnd).json["hits"]["total"] == 2
    assert (
        admin_client.get(f"{API}/runs", query_string={"sort": "bogus"}).status_code
        == 400
    )
    assert (
        admin_client.get(f"{API}/runs", query_string={"size": 500}).status_code == 400
    )


def test_detail_and_actions(app, db, admin_client, draft_factory, fake_argo_server):
    record_id = draft_factory([KEY])
    name = f"cclib-summary-{record_id}-1"
    fake_argo_server.add_node(name, "summarize", "Running", message="parsing")
    fake_argo_server.add_log(name, "summarize", ["reading psi4-water_mp2.out"])
    res = admin_client.get(f"{API}/runs/{name}")
    assert res.status_code == 200
    assert res.json["record_id"] == record_id
    assert res.json["files"][0]["key"] == KEY
    assert "summarize" in [s["name"] for s in res.json["steps"]]
    assert "reading psi4-water_mp2.out" in res.json["log_tail"]
    assert res.json["credential"]["state"] == "active"
    assert "token" not in str(res.json["credential"])
    assert res.json["links"]["record"].endswith(f"/uploads/{record_id}")

    res = post(admin_client, f"{API}/runs/{name}/actions/stop")
    assert res.status_code == 202
    assert res.json["credential"]["state"] == "ended"
    assert post(admin_client, f"{API}/runs/{name}/actions/stop").status_code == 409
    fake_argo_server.set_phase(name, "Failed", message="stopped")
    res = post(admin_client, f"{API}/runs/{name}/actions/restart")
    assert res.status_code == 201
    assert res.json["name"] == f"cclib-summary-{record_id}-2"
    assert admin_client.get(f"{API}/runs/nope-1").status_code == 404


def test_bulk_dry_run_then_throttled_roll_out(
    app, db, admin_client, draft_factory, fake_argo_server
):
    records = [draft_factory([KEY]) for _ in range(3)]
    for record_id in records:
        fake_argo_server.set_phase(
            f"cclib-summary-{record_id}-1", "Failed", message="x"
        )
    body = {"action": "restart", "query": {"phase": ["Failed"]}, "concurrency": 2}
    res = post(admin_client, f"{API}/bulk", {**body, "dry_run": True})
    assert res.status_code == 200
    assert res.json["total"] == 3
    assert len(res.json["first"]) == 3

    res = post(admin_client, f"{API}/bulk", body)
    assert res.status_code == 202
    bulk = admin_client.get(f"{API}/bulk/{res.json['id']}").json
    # The first advance ran (eager Celery): two submitted, one queued.
    assert (bulk["submitted"], bulk["in_flight"], bulk["queued"]) == (2, 2, 1)
    first_two = [s["submitted"] for s in bulk["steps"]]
    for name in first_two:
        fake_argo_server.set_phase(name, "Succeeded")
    app.extensions["invenio-compchem-processor"].admin_service.advance_bulk(bulk["id"])
    bulk = admin_client.get(f"{API}/bulk/{bulk['id']}").json
    assert (bulk["submitted"], bulk["queued"]) == (3, 0)
    assert bulk["finished"] is False  # the third is in flight
    assert post(admin_client, f"{API}/bulk/{bulk['id']}/stop").json["stopped"] is True
    listed = admin_client.get(f"{API}/bulk").json["hits"]
    assert listed["total"] >= 1 and listed["hits"][0]["id"] == bulk["id"]
    assert listed["hits"][0]["stopped"] is True


def test_pause_refuses_starts_and_resume_processes_skipped(
    app, db, admin_client, draft_factory, fake_argo_server
):
    res = post(
        admin_client, f"{API}/workflows/cclib-summary/pause", {"reason": "bad build"}
    )
    assert res.status_code == 200 and res.json["paused"] is True
    assert res.json["history"][0]["reason"] == "bad build"

    record_id = draft_factory([KEY])  # the upload gets a run that says why
    runs = admin_client.get(f"{API}/runs", query_string={"q": record_id}).json["hits"][
        "hits"
    ]
    assert [r["phase"] for r in runs] == ["NotStarted"]
    assert "Paused by an administrator" in runs[0]["message"]
    assert "bad build" in runs[0]["message"]

    # A manual start (an admin may start runs too) is refused with the reason.
    res = post(
        admin_client,
        f"/records/{record_id}/draft/compchem/runs",
        {"workflow": "cclib-summary", "files": [KEY]},
    )
    assert res.status_code == 409
    assert "Paused by an administrator" in res.json["message"]

    listed = admin_client.get(f"{API}/workflows").json["hits"]["hits"]
    assert {w["name"]: w["skipped"] for w in listed}["cclib-summary"] == 1
    res = post(
        admin_client,
        f"{API}/workflows/cclib-summary/resume",
        {"reason": "fixed", "process_skipped": True},
    )
    assert res.status_code == 200 and res.json["paused"] is False
    assert res.json["processed"] == [f"cclib-summary-{record_id}-2"]
    assert [h["paused"] for h in res.json["history"][:2]] == [False, True]


def test_health_reachable_and_down(app, db, admin_client, fake_argo_server):
    res = admin_client.get(f"{API}/health")
    assert res.status_code == 200
    assert res.json["reachable"] is True
    assert res.json["namespace"] == "argo"
    states = {t["name"]: t["state"] for t in res.json["templates"]}
    assert states["compchem-cclib-summary"] == "ok"
    fake_argo_server.inject("reset", count=5)
    res = admin_client.get(f"{API}/health")
    assert res.json["reachable"] is False
    assert res.json["error"]

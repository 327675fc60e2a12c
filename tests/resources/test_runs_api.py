# SPDX-License-Identifier: MIT
"""The runs REST API: listing, detail, logs, control and every error."""

import pytest

from tests.support.drafts import post, upload

KEY = "psi4-water_mp2.out"
OTHER = "nwchem7-water_mp2.out"


def _base(record_id):
    return f"/records/{record_id}/draft/compchem"


def test_list_filter_paginate_and_links(
    app, db, owner_client, draft_factory, fake_argo_server
):
    record_id = draft_factory([KEY, OTHER])
    base = _base(record_id)
    res = owner_client.get(f"{base}/runs")
    assert res.status_code == 200
    assert res.json["hits"]["total"] == 2
    run = res.json["hits"]["hits"][0]
    assert run["links"]["self"].endswith(f"{base}/runs/{run['name']}")
    assert run["links"]["stop"].endswith("/actions/stop")

    res = owner_client.get(f"{base}/runs", query_string={"file": KEY})
    assert [r["files"][0]["key"] for r in res.json["hits"]["hits"]] == [KEY]
    res = owner_client.get(f"{base}/runs", query_string={"size": 1, "page": 2})
    assert res.json["hits"]["total"] == 2 and len(res.json["hits"]["hits"]) == 1
    res = owner_client.get(f"{base}/runs", query_string={"workflow": "other"})
    assert res.json["hits"]["total"] == 0
    assert (
        owner_client.get(f"{base}/runs", query_string={"size": 1000}).status_code == 400
    )


def test_detail_shows_steps_progress_and_logs(
    app, db, owner_client, draft_factory, fake_argo_server
):
    record_id = draft_factory([KEY])
    name = f"cclib-summary-{record_id}-1"
    fake_argo_server.set_phase(name, "Running", progress="1/3")
    fake_argo_server.add_node(name, "summarize", "Running", message="parsing")
    fake_argo_server.add_log(name, "summarize", ["[1/1] psi4-water_mp2.out: ok"])

    res = owner_client.get(f"{_base(record_id)}/runs/{name}")
    assert res.status_code == 200
    assert res.json["status"]["phase"] == "Running"
    assert res.json["status"]["progress"] == {"done": 1, "total": 3}
    assert "summarize" in [s["name"] for s in res.json["steps"]]
    logs = owner_client.get(
        f"{_base(record_id)}/runs/{name}/logs", query_string={"tail": 10}
    )
    assert logs.status_code == 200
    assert "[1/1] psi4-water_mp2.out: ok" in [
        line["content"] for line in logs.json["lines"]
    ]


def test_stop_retry_resubmit(app, db, owner_client, draft_factory, fake_argo_server):
    record_id = draft_factory([KEY])
    base = _base(record_id)
    first = f"cclib-summary-{record_id}-1"

    assert post(owner_client, f"{base}/runs/{first}/actions/retry").status_code == 409
    res = post(owner_client, f"{base}/runs/{first}/actions/stop")
    assert res.status_code == 202 and res.json["ended"]["reason"] == "stopped"
    assert post(owner_client, f"{base}/runs/{first}/actions/stop").status_code == 409

    fake_argo_server.set_phase(first, "Failed", message="stopped")
    res = post(owner_client, f"{base}/runs/{first}/actions/retry")
    assert res.status_code == 202, res.json
    assert res.json["active"]

    fake_argo_server.set_phase(first, "Succeeded")
    res = post(owner_client, f"{base}/runs/{first}/actions/resubmit")
    assert res.status_code == 201
    assert res.json["name"] == f"cclib-summary-{record_id}-2"
    assert res.json["trigger"] == "resubmit"


def test_names_are_never_reused_after_the_engine_deleted_runs(
    app, db, owner_client, draft_factory, fake_argo_server
):
    record_id = draft_factory([KEY])
    base = _base(record_id)
    first = f"cclib-summary-{record_id}-1"
    fake_argo_server.state.delete_workflow(first)
    res = post(
        owner_client, f"{base}/runs", {"workflow": "cclib-summary", "files": [KEY]}
    )
    assert res.status_code == 201
    assert res.json["name"] == f"cclib-summary-{record_id}-2"


def test_a_name_taken_in_the_engine_moves_to_the_next(
    app, db, owner_client, draft_factory, fake_argo_server
):
    record_id = draft_factory([KEY])
    fake_argo_server.set_phase(f"cclib-summary-{record_id}-1", "Succeeded")
    fake_argo_server.inject("status", count=1, status=409, method="POST")
    res = post(
        owner_client,
        f"{_base(record_id)}/runs",
        {"workflow": "cclib-summary", "files": [KEY]},
    )
    assert res.status_code == 201, res.json
    assert res.json["name"] == f"cclib-summary-{record_id}-3"


@pytest.mark.parametrize(
    "body,status,text",
    [
        ({"workflow": "nope", "files": [KEY]}, 400, "Unknown workflow"),
        (
            {"workflow": "cclib-summary", "files": ["missing.out"]},
            400,
            "not in the draft",
        ),
        (
            {"workflow": "cclib-summary", "files": ["notes.txt"]},
            400,
            "does not process",
        ),
        ({"workflow": "cclib-summary", "files": []}, 400, "at least one file"),
        ({"workflow": "cclib-summary", "files": [KEY, KEY]}, 400, "repeats"),
        ({"workflow": "cclib-summary"}, 400, ""),
        ({"workflow": "cclib-summary", "files": [KEY]}, 409, "active runs"),
    ],
)
def test_start_errors(
    app, db, owner_client, users, draft_factory, fake_argo_server, body, status, text
):
    record_id = draft_factory([KEY])
    upload(users["owner"].identity, record_id, "notes.txt", b"plain notes")
    res = post(owner_client, f"{_base(record_id)}/runs", body)
    assert res.status_code == status, res.json
    assert res.is_json and text in res.json["message"]
    if status == 409:
        assert res.json["errors"][0]["messages"] == [f"cclib-summary-{record_id}-1"]


def test_too_many_files(app, db, owner_client, draft_factory, fake_argo_server):
    record_id = draft_factory([KEY, OTHER])
    app.config["COMPCHEM_PROCESSOR_MAX_FILES_PER_RUN"] = 1
    try:
        res = post(
            owner_client,
            f"{_base(record_id)}/runs",
            {"workflow": "cclib-summary", "files": [KEY, OTHER]},
        )
    finally:
        app.config["COMPCHEM_PROCESSOR_MAX_FILES_PER_RUN"] = 100
    assert res.status_code == 400 and "at most 1 files" in res.json["message"]


def test_not_found(app, db, owner_client, draft_factory, fake_argo_server):
    record_id = draft_factory()
    assert (
        owner_client.get("/records/nope0-00000/draft/compchem/runs").status_code == 404
    )
    res = owner_client.get(f"{_base(record_id)}/runs/cclib-summary-{record_id}-99")
    assert res.status_code == 404 and res.is_json


def test_engine_unavailable_is_503_with_retry_after(
    app, db, owner_client, draft_factory, fake_argo_server
):
    record_id = draft_factory([KEY])
    fake_argo_server.set_phase(f"cclib-summary-{record_id}-1", "Succeeded")
    fake_argo_server.inject("status", count=1000, status=503)
    res = post(
        owner_client,
        f"{_base(record_id)}/runs",
        {"workflow": "cclib-summary", "files": [KEY]},
    )
    listing = owner_client.get(f"{_base(record_id)}/runs")
    assert res.status_code == 503 and int(res.headers["Retry-After"]) > 0
    assert listing.status_code == 200
    assert listing.json["hits"]["hits"][0]["status"]["phase"] == "Unknown"


def test_workflow_definitions_and_available_workflows(
    app, db, owner_client, draft_factory, fake_argo_server
):
    record_id = draft_factory([KEY])
    res = owner_client.get("/compchem/workflows")
    assert res.status_code == 200
    names = [w["name"] for w in res.json["hits"]["hits"]]
    assert names == list(app.config["COMPCHEM_PROCESSOR_WORKFLOWS"])
    assert "cclib-summary" in names
    res = owner_client.get(f"{_base(record_id)}/workflows")
    available = {w["name"]: w["files"] for w in res.json["hits"]["hits"]}
    assert available["cclib-summary"] == [KEY]

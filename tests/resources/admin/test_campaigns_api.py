# SPDX-License-Identifier: MIT
"""Reprocessing campaigns over HTTP: dry run, start, pause, resume, stop, errors."""

import pytest
from tests.services.admin.test_campaigns import KEY, _finish
from tests.support.drafts import post

API = "/compchem/admin"
BODY = {"processor": "cclib-summary", "older_than": "1.0"}


@pytest.fixture(scope="module")
def app_config(app_config):
    """No digests: the ends of runs here are the campaign's, not a depositor's."""
    app_config["COMPCHEM_PROCESSOR_NOTIFICATIONS_ENABLED"] = False
    return app_config


@pytest.fixture()
def admin_client(client, users):
    return users["admin"].login(client)


def test_campaign_lifecycle(app, db, admin_client, draft_factory, fake_argo_server):
    records = [draft_factory([KEY]) for _ in range(3)]
    for record_id, version in zip(records, ["0.9", "0.9.1", "1.0"]):
        _finish(fake_argo_server, f"cclib-summary-{record_id}-1", version, 7)

    res = post(admin_client, f"{API}/campaigns", {**BODY, "dry_run": True})
    assert res.status_code == 200
    assert res.json["total"] == {"files": 2, "runs": 2, "proposed": 0}
    assert {(f["record_id"], f["processor_version"]) for f in res.json["files"]} == {
        (records[0], "0.9"),
        (records[1], "0.9.1"),
    }

    res = post(admin_client, f"{API}/campaigns", {**BODY, "concurrency": 1})
    assert res.status_code == 202
    campaign = res.json["id"]
    assert res.json["links"]["self"].endswith(f"/campaigns/{campaign}")
    # The first advance ran once the campaign was committed (eager Celery).
    read = admin_client.get(f"{API}/campaigns/{campaign}").json
    assert (read["submitted"], read["queued"]) == (1, 1)

    res = post(admin_client, f"{API}/campaigns/{campaign}/pause")
    assert res.status_code == 202 and res.json["paused"] is True
    (first,) = [f["submitted"] for f in res.json["files"] if f["submitted"]]
    _finish(fake_argo_server, first, "1.0", 8)
    app.extensions["invenio-compchem-processor"].admin_service.advance_bulk(campaign)
    read = admin_client.get(f"{API}/campaigns/{campaign}").json
    assert (read["submitted"], read["in_flight"], read["queued"]) == (1, 0, 1)

    res = post(admin_client, f"{API}/campaigns/{campaign}/resume")
    assert res.json["paused"] is False
    assert (res.json["submitted"], res.json["queued"]) == (2, 0)
    res = post(admin_client, f"{API}/campaigns/{campaign}/stop")
    assert res.json["stopped"] is True

    listed = admin_client.get(f"{API}/campaigns").json["hits"]["hits"]
    assert [c["id"] for c in listed] == [campaign]
    assert listed[0]["selection"] == BODY


def test_campaign_errors(app, db, admin_client, client, users):
    for body in (
        {},
        {"processor": "cclib-summary"},
        {"processor": "cclib-summary", "older_than": "not a version"},
        {**BODY, "workflow": "cclib-summary"},
        {**BODY, "concurrency": 0},
    ):
        res = post(admin_client, f"{API}/campaigns", body)
        assert res.status_code == 400, (body, res.json)
        assert res.json["message"]
    assert admin_client.get(f"{API}/campaigns/999").status_code == 404
    assert post(admin_client, f"{API}/campaigns/999/pause").status_code == 404
    assert post(admin_client, f"{API}/campaigns/999/hold").status_code == 400


@pytest.mark.parametrize("who", ["owner", "stranger"])
def test_campaigns_are_refused_to_non_admins(app, db, client, users, who):
    users[who].login(client)
    assert client.get(f"{API}/campaigns").status_code == 403
    assert post(client, f"{API}/campaigns", {**BODY, "dry_run": True}).status_code == 403

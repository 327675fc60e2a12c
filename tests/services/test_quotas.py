# SPDX-License-Identifier: MIT
"""Quotas: runs started per draft per hour, active runs per user; 429 with Retry-After."""


from tests.support.drafts import post

KEYS = ["gaussian16-water_mp2.log", "psi4-water_mp2.out"]


def _start(client, record_id, key):
    return post(
        client,
        f"/records/{record_id}/draft/compchem/runs",
        {"workflow": "cclib-summary", "files": [key]},
    )


def _finish_all(fake_argo_server):
    for name in list(fake_argo_server.state.workflows):
        fake_argo_server.set_phase(name, "Succeeded")


def test_starts_per_draft_per_hour(
    app, db, owner_client, draft_factory, fake_argo_server, monkeypatch
):
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_MAX_STARTS_PER_DRAFT_HOUR", 2)
    record_id = draft_factory(KEYS[:1])
    _finish_all(fake_argo_server)  # the upload's own run does not count
    for _ in range(2):
        res = _start(owner_client, record_id, KEYS[0])
        assert res.status_code == 201, res.json
        _finish_all(fake_argo_server)
    res = _start(owner_client, record_id, KEYS[0])
    assert res.status_code == 429
    assert "per hour" in res.json["message"]
    assert 0 < int(res.headers["Retry-After"]) <= 3600


def test_active_runs_per_user(
    app, db, owner_client, draft_factory, fake_argo_server, monkeypatch
):
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_MAX_ACTIVE_RUNS_PER_USER", 1)
    record_id = draft_factory(KEYS)
    _finish_all(fake_argo_server)
    first = _start(owner_client, record_id, KEYS[0])
    assert first.status_code == 201
    fake_argo_server.set_phase(first.json["name"], "Running")
    res = _start(owner_client, record_id, KEYS[1])
    assert res.status_code == 429
    assert "active runs" in res.json["message"] and res.headers["Retry-After"]
    fake_argo_server.set_phase(first.json["name"], "Succeeded")
    assert _start(owner_client, record_id, KEYS[1]).status_code == 201

# SPDX-License-Identifier: MIT
"""Run credentials: every way of using one wrongly is refused, and nothing is stored."""

import io
import logging
import secrets

import pytest
from invenio_db import db as invenio_db
from invenio_rdm_records.proxies import current_rdm_records_service

from tests.support.drafts import SAMPLES, post, upload
from invenio_compchem_processor import credentials, rows

KEY = "psi4-water_mp2.out"
OTHER = "nwchem7-water_mp2.out"
API = "/compchem/run"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _media_keys(record_id):
    draft = current_rdm_records_service.draft_cls.pid.resolve(
        record_id, registered_only=False
    )
    return sorted(draft.media_files.entries) if draft.media_files.enabled else []


@pytest.fixture()
def run_client(app):
    """A client without cookies, as a run's is."""
    return app.test_client()


@pytest.fixture()
def running(draft_factory, fake_argo_server):
    """A draft with one running run over ``KEY``; answers (record_id, name, token)."""

    def create(keys=(KEY,)):
        record_id = draft_factory(keys)
        name = f"cclib-summary-{record_id}-1"
        fake_argo_server.set_phase(name, "Running")
        return record_id, name, fake_argo_server.parameter(name, "credential")

    return create


def _read(client, token, key=KEY):
    return client.get(f"{API}/files/{key}/content", headers=bearer(token))


def _write(client, token, name=None, key=KEY, data=b"result"):
    name = name or f"{key}.out.txt"
    return client.put(f"{API}/results/{key}/{name}", data=data, headers=bearer(token))


def _refused(res, *codes):
    assert res.status_code in codes, (res.status_code, res.json)
    assert "ccr_" not in res.get_data(as_text=True)
    return res


def test_missing_malformed_and_forged_credentials_are_401(app, db, run_client, running):
    record_id, _, token = running()
    forged = [
        credentials.TOKEN_PREFIX + secrets.token_urlsafe(32),
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "not-a-credential",
        token.upper(),
    ]
    for headers in (
        {},
        {"Authorization": token},
        {"Authorization": f"Basic {token}"},
        {"Authorization": "Bearer "},
        *({"Authorization": f"Bearer {f}"} for f in forged),
    ):
        res = _refused(
            run_client.get(f"{API}/files/{KEY}/content", headers=headers), 401
        )
        assert res.headers["WWW-Authenticate"].startswith("Bearer")
        _refused(
            run_client.put(f"{API}/results/{KEY}/x.txt", data=b"x", headers=headers),
            401,
        )
        _refused(run_client.post(f"{API}/end", headers=headers), 401)
    assert _media_keys(record_id) == []


def test_expired_credential_is_401(app, db, run_client, running):
    record_id, name, _ = running()
    expired = credentials.issue(rows.get_run(record_id, name), -1)
    invenio_db.session.commit()
    _refused(_read(run_client, expired), 401)
    _refused(_write(run_client, expired), 401)


def test_credential_of_another_run_record_or_file_is_403(
    app, db, run_client, running, draft_factory, fake_argo_server, users
):
    record_id, _, token = running((KEY, OTHER))
    other_run = f"cclib-summary-{record_id}-2"
    assert fake_argo_server.parameter(other_run, "credential") != token
    upload(users["owner"].identity, record_id, "notes.txt", b"depositor notes")
    other_record = draft_factory(["orca5-dvb_ir.out"])

    assert _read(run_client, token).status_code == 200
    for key in (OTHER, "notes.txt", "orca5-dvb_ir.out", "missing.out"):
        _refused(_read(run_client, token, key), 403)
        _refused(_write(run_client, token, key=key), 403)
        _refused(
            run_client.put(f"{API}/metadata/{key}", json={}, headers=bearer(token)), 403
        )
    assert _media_keys(record_id) == []
    assert _media_keys(other_record) == []


@pytest.mark.parametrize("phase", ["Succeeded", "Failed", "Error"])
def test_credential_after_the_run_finished_is_403(
    app, db, run_client, running, fake_argo_server, no_phase_cache, phase
):
    record_id, name, token = running()
    assert _read(run_client, token).status_code == 200
    fake_argo_server.set_phase(name, phase)
    _refused(_read(run_client, token), 403)
    _refused(_write(run_client, token), 403)
    _refused(run_client.post(f"{API}/end", headers=bearer(token)), 403)
    assert _media_keys(record_id) == []


def test_phase_is_cached_briefly(
    app, db, run_client, running, fake_argo_server, monkeypatch
):
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_PHASE_CACHE_SECONDS", 60)
    _, name, token = running()
    calls = len(fake_argo_server.requests)
    assert _read(run_client, token).status_code == 200
    fake_argo_server.set_phase(name, "Succeeded")
    assert _read(run_client, token).status_code == 200  # still within the cache
    assert len(fake_argo_server.requests) == calls + 1
    credentials.phase_cache.clear()
    _refused(_read(run_client, token), 403)


def test_end_revokes_the_credential(app, db, run_client, running):
    _, name, token = running()
    res = run_client.post(f"{API}/end", headers=bearer(token))
    assert res.status_code == 200 and res.json["ended"]["reason"] == "finished"
    _refused(_read(run_client, token), 403)
    _refused(_write(run_client, token), 403)
    _refused(run_client.post(f"{API}/end", headers=bearer(token)), 403)


def test_replayed_credential_after_a_retry_is_401(
    app, db, run_client, owner_client, running, fake_argo_server, no_phase_cache
):
    record_id, name, token = running()
    fake_argo_server.set_phase(name, "Failed")
    res = post(
        owner_client, f"/records/{record_id}/draft/compchem/runs/{name}/actions/retry"
    )
    assert res.status_code == 202, res.json
    assert fake_argo_server.state.get_workflow(name)["status"]["phase"] == "Running"
    _refused(_read(run_client, token), 401)
    _refused(_write(run_client, token), 401)
    new_token = fake_argo_server.parameter(name, "credential")
    assert new_token != token
    assert _read(run_client, new_token).status_code == 200


def test_session_cookie_alone_grants_nothing(app, db, owner_client, running):
    record_id, _, _ = running()
    _refused(owner_client.get(f"{API}/files/{KEY}/content"), 401)
    _refused(owner_client.put(f"{API}/results/{KEY}/x.txt", data=b"x"), 401)
    _refused(owner_client.put(f"{API}/metadata/{KEY}", json={}), 401)
    _refused(owner_client.post(f"{API}/progress", json={"message": "hi"}), 401)
    _refused(owner_client.post(f"{API}/end"), 401)
    assert _media_keys(record_id) == []


@pytest.mark.parametrize(
    "path",
    [
        f"results/{KEY}/..",
        f"results/{KEY}/.hidden",
        "results/../x",
        "results/a/../../b",
        f"results/{KEY}/..%2Fx",
        "results/%2e%2e/x",
        f"results/{KEY}/%2e%2e",
        f"results/{KEY}/a%5Cb",
        f"results/{KEY}/..%5C..%5Cx",
        f"results/{KEY}/a%00b",
        f"results/{KEY}/a%0Ab",
        f"results/{KEY}/a%E2%80%AEb",
        f"results/{KEY}/./x",
        "metadata/../x",
        "metadata/a/../../b",
        "metadata/%2e%2e%2fx",
        "files/../x/content",
        "files/a/../../b/content",
    ],
)
def test_path_traversal_is_400_and_stores_nothing(app, db, run_client, running, path):
    record_id, _, token = running()
    method = run_client.get if path.startswith("files/") else run_client.put
    res = method(f"{API}/{path}", data=b"{}", headers=bearer(token))
    _refused(res, 400)
    assert _media_keys(record_id) == []


def test_oversized_results_are_413_and_store_nothing(
    app, db, run_client, running, monkeypatch
):
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_MAX_RESULT_SIZE", 1000)
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_MAX_METADATA_SIZE", 100)
    record_id, _, token = running()
    # Declared too large: refused before a byte is read.
    _refused(_write(run_client, token, data=b"x" * 1001), 413)
    _refused(
        run_client.put(f"{API}/metadata/{KEY}", data=b" " * 101, headers=bearer(token)),
        413,
    )
    # Undeclared (chunked): counted while streaming.
    for name, size in ((f"{KEY}.big.bin", 5000), (f"{KEY}.bigger.bin", 1001)):
        res = run_client.put(
            f"{API}/results/{KEY}/{name}",
            input_stream=io.BytesIO(b"y" * size),
            headers={**bearer(token), "Transfer-Encoding": "chunked"},
            environ_overrides={"wsgi.input_terminated": True},
        )
        _refused(res, 413)
    assert _media_keys(record_id) == []
    # Exactly at the limit is fine.
    fits = f"{KEY}.fits.bin"
    assert _write(run_client, token, fits, data=b"z" * 1000).status_code == 201
    assert _media_keys(record_id) == [fits]


def test_writes_after_stop_are_409_and_store_nothing(
    app, db, run_client, owner_client, running
):
    record_id, name, token = running()
    res = post(
        owner_client, f"/records/{record_id}/draft/compchem/runs/{name}/actions/stop"
    )
    assert res.status_code == 202, res.json
    _refused(_write(run_client, token), 409)
    _refused(
        run_client.put(f"{API}/metadata/{KEY}", json={}, headers=bearer(token)), 409
    )
    _refused(
        run_client.post(
            f"{API}/progress", json={"message": "x"}, headers=bearer(token)
        ),
        409,
    )
    _refused(_read(run_client, token), 403)
    assert _media_keys(record_id) == []


def test_writes_after_reupload_are_409(app, db, run_client, running, users):
    record_id, _, token = running()
    files = current_rdm_records_service.draft_files
    files.delete_file(users["owner"].identity, record_id, KEY)
    upload(users["owner"].identity, record_id, KEY, (SAMPLES / KEY).read_bytes())
    _refused(_write(run_client, token), 409)
    assert _media_keys(record_id) == []


def test_writes_after_publish_or_delete_are_409(app, db, run_client, running, users):
    owner = users["owner"].identity
    published, _, published_token = running()
    current_rdm_records_service.publish(owner, published)
    _refused(_write(run_client, published_token), 409)

    deleted, _, deleted_token = running()
    current_rdm_records_service.delete_draft(owner, deleted)
    _refused(_write(run_client, deleted_token), 409)
    _refused(_read(run_client, deleted_token), 409)


def test_credentials_never_reach_logs_or_the_runs_api(
    app, db, run_client, owner_client, draft_factory, fake_argo_server, caplog
):
    caplog.set_level(logging.DEBUG)
    record_id = draft_factory([KEY])
    name = f"cclib-summary-{record_id}-1"
    token = fake_argo_server.parameter(name, "credential")
    fake_argo_server.set_phase(name, "Running")
    base = f"/records/{record_id}/draft/compchem"

    responses = [
        _read(run_client, token),
        _write(run_client, token),
        _read(run_client, token[:-1]),
        run_client.post(
            f"{API}/progress", json={"message": token}, headers=bearer(token)
        ),
        owner_client.get(f"{base}/runs"),
        owner_client.get(f"{base}/runs/{name}"),
        post(owner_client, f"{base}/runs/{name}/actions/stop"),
        _write(run_client, token, "late.txt"),
    ]
    fake_argo_server.set_phase(name, "Failed")
    responses += [
        post(owner_client, f"{base}/runs/{name}/actions/retry"),
        post(
            owner_client, f"{base}/runs", {"workflow": "cclib-summary", "files": [KEY]}
        ),
        owner_client.get(f"{base}/runs"),
    ]

    assert [r.status_code for r in responses] == [
        200,
        201,
        401,
        200,
        200,
        200,
        202,
        409,
        202,
        409,
        200,
    ]
    assert responses[3].json["message"] == "ccr_[redacted]"
    for res in responses:
        assert token not in res.get_data(as_text=True)
    for record in caplog.records:
        assert token not in record.getMessage()
        assert token[:-1] not in record.getMessage()
    assert token not in caplog.text
    # flask-oauthlib logged every bearer token it saw; redacted.
    assert any("ccr_[redacted]" in r.getMessage() for r in caplog.records)


def test_an_unreachable_engine_fails_closed(
    app, db, run_client, running, fake_argo_server, no_phase_cache
):
    record_id, name, token = running()
    fake_argo_server.inject(503, count=50, path=name, method="GET", retry_after=7)
    try:
        res = _refused(_write(run_client, token), 503)
        assert "Retry-After" in res.headers
        _refused(_read(run_client, token), 503)
    finally:
        fake_argo_server._faults.clear()
    assert _media_keys(record_id) == []
    assert _read(run_client, token).status_code == 200

# SPDX-License-Identifier: MIT
"""The results of one input in one request: files, metadata and progress, one commit.

Sent as the run client sends them (``run_client._multipart``) through the
Flask test client; refusals are checked to store nothing at all.
"""

import json
from urllib.parse import quote

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import (
    current_rdm_records_media_files_service,
    current_rdm_records_service,
)

from tests.support.drafts import SAMPLES, upload
from invenio_compchem_processor.processors.cclib_summary import read_output
from invenio_compchem_processor.progress import latest_reports
from invenio_compchem_processor.run_client import _multipart
from invenio_compchem_processor.services.drafts import RESULT_MARKER

KEY = "gaussian16-water_mp2.log"
API = "/compchem/run"
PROCESSOR = {
    "X-Compchem-Processor": "cclib-summary",
    "X-Compchem-Processor-Version": "0.1.0",
}


def _media_keys(record_id):
    files = current_rdm_records_media_files_service.draft_files
    listing = files.list_files(system_identity, record_id).to_dict()
    return {e["key"] for e in listing.get("entries", [])}


def _post(client, token, results, metadata=None, progress=None, source=KEY):
    body, content_type = _multipart(results, metadata, progress)
    headers = {"Authorization": f"Bearer {token}", **PROCESSOR} if token else PROCESSOR
    return client.post(
        f"{API}/results/{quote(source, safe='')}",
        data=body,
        content_type=content_type,
        headers=headers,
    )


@pytest.fixture()
def run(app, db, draft_factory, fake_argo_server):
    """A running run over ``KEY``: (client, record_id, run name, token)."""
    record_id = draft_factory([KEY])
    name = f"cclib-summary-{record_id}-1"
    fake_argo_server.set_phase(name, "Running")
    token = fake_argo_server.parameter(name, "credential")
    return app.test_client(), record_id, name, token


def test_one_request_stores_results_metadata_and_progress(run):
    client, record_id, name, token = run
    summary, xyz = read_output(SAMPLES / KEY)
    results = [
        (f"{KEY}.summary.json", json.dumps(summary).encode()),
        (f"{KEY}.xyz", xyz.encode()),
    ]
    report = {"message": "1 of 1 file processed", "progress": {"done": 1, "total": 1}}

    res = _post(client, token, results, summary, report)

    assert res.status_code == 201, res.json
    stored = {item["key"]: item for item in res.json["results"]}
    assert set(stored) == {
        f"{KEY}.summary.json",
        f"{KEY}.xyz",
        f"{KEY}.compchem.json",
    }
    assert stored[f"{KEY}.xyz"]["size"] == len(xyz.encode())
    assert all(
        item["metadata"][RESULT_MARKER]["run"] == name
        and item["metadata"][RESULT_MARKER]["processor"] == "cclib-summary"
        for item in stored.values()
    )
    assert _media_keys(record_id) == set(stored)
    assert res.json["progress"]["progress"] == {"done": 1, "total": 1}
    assert latest_reports([name])[name]["message"] == "1 of 1 file processed"

    # Sent again (a retried request): the run's own results are replaced.
    res = _post(client, token, results, summary)
    assert res.status_code == 201, res.json
    assert _media_keys(record_id) == set(stored)


def test_a_result_name_with_any_character_arrives_as_sent(run, draft_factory):
    client, record_id, name, token = run
    odd = f"{KEY}.r\u00e9sum\u00e9 100%.txt"
    res = _post(client, token, [(odd, b"ok")])
    assert res.status_code == 201, res.json
    assert [item["key"] for item in res.json["results"]] == [odd]


@pytest.mark.parametrize(
    "results, metadata, progress, status, words",
    [
        ([], None, None, 400, "Neither a result nor metadata"),
        ([(f"{KEY}.xyz", b"a"), (f"{KEY}.xyz", b"b")], None, None, 400, "twice"),
        ([(f"{KEY}.compchem.json", b"{}")], {"x": 1}, None, 400, "twice"),
        ([("other.log.xyz", b"a")], None, None, 400, "safe file name"),
        ([(f"{KEY}.xyz", b"a")], None, {"progress": {"done": 3, "total": 1}}, 400, "0 <= done"),
        ([(f"{KEY}.xyz", b"a")], {"summary_version": 2}, None, 422, "Invalid metadata"),
    ],
)
def test_a_refused_request_stores_nothing(
    run, results, metadata, progress, status, words
):
    client, record_id, name, token = run
    res = _post(client, token, results, metadata, progress)
    assert res.status_code == status, res.json
    assert words in json.dumps(res.json)
    assert _media_keys(record_id) == set()
    assert name not in latest_reports([name])


def test_a_conflict_with_a_depositors_file_stores_none_of_the_batch(
    app, run, users, monkeypatch
):
    client, record_id, name, token = run
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_RESULTS_TARGET", "files")
    upload(users["owner"].identity, record_id, f"{KEY}.xyz", b"the depositor's")
    res = _post(client, token, [(f"{KEY}.summary.json", b"{}"), (f"{KEY}.xyz", b"a")])
    assert res.status_code == 409, res.json
    assert f"{KEY}.xyz" in res.json["message"]
    keys = {
        e["key"]
        for e in current_rdm_records_service.draft_files.list_files(
            system_identity, record_id
        ).to_dict()["entries"]
    }
    assert keys == {KEY, f"{KEY}.xyz"}
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_RESULTS_TARGET", "media")
    res = _post(client, token, [(f"{KEY}.xyz", b"a")], source="not-an-input.log")
    assert res.status_code == 403
    assert _media_keys(record_id) == set()


def test_credentials_body_and_size_are_checked(app, run, monkeypatch):
    client, record_id, name, token = run
    res = _post(client, None, [(f"{KEY}.xyz", b"a")])
    assert res.status_code == 401
    res = client.post(
        f"{API}/results/{KEY}",
        data=b"3\nwater\n",
        content_type="application/octet-stream",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert res.status_code == 400
    assert "multipart/form-data" in res.json["message"]

    for limit in ("MAX_RESULT_SIZE", "MAX_METADATA_SIZE"):
        monkeypatch.setitem(app.config, f"COMPCHEM_PROCESSOR_{limit}", 100)
    # Over a result's limit, within the request's.
    res = _post(client, token, [(f"{KEY}.xyz", b"x" * 101)])
    assert res.status_code == 413, res.json
    # Over the request's limit: refused while Werkzeug parses it.
    res = _post(client, token, [(f"{KEY}.xyz", b"x" * 200_000)])
    assert res.status_code == 413
    assert res.json["status"] == 413 and res.json["message"]
    assert _media_keys(record_id) == set()

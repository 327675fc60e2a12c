# SPDX-License-Identifier: MIT
"""The run callback API's happy path: inputs in, results and metadata out."""

import json
from urllib.parse import quote

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import (
    current_rdm_records_media_files_service,
    current_rdm_records_service,
)

from tests.support.drafts import SAMPLES, post, upload
from invenio_compchem_processor.services.drafts import RESULT_MARKER
from invenio_compchem_processor.engines.argo.manifests import LABEL_RECORD
from invenio_compchem_processor.processors.cclib_summary import read_output
from invenio_compchem_processor.proxies import current_runs_service
from invenio_compchem_processor.progress import latest_reports
from invenio_compchem_processor.result_names import result_name

KEY = "gaussian16-water_mp2.log"
OTHER = "psi4-water_mp2.out"
SHARED = f"{KEY}.shared.txt"
API = "/compchem/run"


def bearer(token, **headers):
    return {"Authorization": f"Bearer {token}", **headers}


def _media_entries(record_id):
    files = current_rdm_records_media_files_service.draft_files
    listing = files.list_files(system_identity, record_id).to_dict()
    return {e["key"]: e for e in listing.get("entries", [])}


def _media_content(record_id, key):
    files = current_rdm_records_media_files_service.draft_files
    item = files.get_file_content(system_identity, record_id, key)
    with item.get_stream("rb") as fp:
        return fp.read()


def _engine_runs(fake_argo_server, record_id):
    return [
        name
        for name, workflow in fake_argo_server.state.workflows.items()
        if workflow["metadata"]["labels"].get(LABEL_RECORD) == record_id
    ]


@pytest.fixture()
def run_client(app):
    """A client without cookies, as a run's is."""
    return app.test_client()


def test_happy_path(app, db, run_client, draft_factory, fake_argo_server, owner_client):
    client = run_client
    record_id = draft_factory([KEY])
    name = f"cclib-summary-{record_id}-1"
    token = fake_argo_server.parameter(name, "credential")
    fake_argo_server.set_phase(name, "Running")

    # The run reads its input: the uploaded bytes.
    res = client.get(f"{API}/files/{KEY}/content", headers=bearer(token))
    assert res.status_code == 200
    assert res.get_data() == (SAMPLES / KEY).read_bytes()

    # It writes its results, as the processor made them.
    summary, xyz = read_output(SAMPLES / KEY)
    processor = {
        "X-Compchem-Processor": "cclib-summary",
        "X-Compchem-Processor-Version": "0.1.0",
    }
    res = client.put(
        f"{API}/results/{KEY}/{KEY}.summary.json",
        data=json.dumps(summary).encode(),
        headers=bearer(token, **processor),
        content_type="application/octet-stream",
    )
    assert res.status_code == 201, res.json
    res = client.put(
        f"{API}/results/{KEY}/{KEY}.xyz",
        query_string={"processor": "cclib-summary", "processor_version": "0.1.0"},
        data=xyz.encode(),
        headers=bearer(token),
        content_type="application/octet-stream",
    )
    assert res.status_code == 201, res.json
    res = client.put(
        f"{API}/metadata/{KEY}",
        json=summary,
        headers=bearer(token, **processor),
    )
    assert res.status_code == 201, res.json
    assert res.json["key"] == f"{KEY}.compchem.json"

    # They are the draft's media files, with their provenance.
    entries = _media_entries(record_id)
    assert set(entries) == {f"{KEY}.summary.json", f"{KEY}.xyz", f"{KEY}.compchem.json"}
    checksum = current_rdm_records_service.draft_files.read_file_metadata(
        system_identity, record_id, KEY
    ).to_dict()["checksum"]
    for entry in entries.values():
        assert entry["metadata"][RESULT_MARKER] == {
            "run": name,
            "workflow": "cclib-summary",
            "source": KEY,
            "processor": "cclib-summary",
            "processor_version": "0.1.0",
            "input_checksum": checksum,
        }
    assert _media_content(record_id, f"{KEY}.xyz") == xyz.encode()
    assert json.loads(_media_content(record_id, f"{KEY}.compchem.json")) == summary
    listed = owner_client.get(f"/records/{record_id}/draft/media-files")
    assert {e["key"] for e in listed.json["entries"]} == set(entries)

    # Results never trigger processing; the draft's own files are untouched.
    assert _engine_runs(fake_argo_server, record_id) == [name]
    draft_files = current_rdm_records_service.draft_files.list_files(
        system_identity, record_id
    ).to_dict()["entries"]
    assert [e["key"] for e in draft_files] == [KEY]

    # Progress is kept for status views.
    report = {"message": "parsing", "progress": {"done": 1, "total": 2}}
    res = client.post(f"{API}/progress", json=report, headers=bearer(token))
    assert res.status_code == 200, res.json
    assert latest_reports([name])[name]["progress"] == {"done": 1, "total": 2}
    shown = current_runs_service.read(system_identity, record_id, name).to_dict()["status"]
    assert shown["message"] == "parsing"
    assert shown["progress"] == {"done": 1, "total": 2}

    # End revokes the credential.
    res = client.post(f"{API}/end", headers=bearer(token))
    assert res.status_code == 200
    assert (
        client.get(f"{API}/files/{KEY}/content", headers=bearer(token)).status_code
        == 403
    )
    res = client.put(
        f"{API}/results/{KEY}/late.txt", data=b"late", headers=bearer(token)
    )
    assert res.status_code == 403
    assert "late.txt" not in _media_entries(record_id)


def _put(client, token, path, data, **kw):
    return client.put(f"{API}/{path}", data=data, headers=bearer(token), **kw)


@pytest.fixture()
def running(draft_factory, fake_argo_server):
    """A draft whose runs over ``keys`` are running; answers (record_id, tokens)."""

    def create(keys=(KEY,)):
        record_id = draft_factory(keys)
        tokens = []
        for n in range(1, len(keys) + 1):
            name = f"cclib-summary-{record_id}-{n}"
            fake_argo_server.set_phase(name, "Running")
            tokens.append(fake_argo_server.parameter(name, "credential"))
        return record_id, tokens

    return create


def test_metadata_is_validated_against_the_schema(app, db, run_client, running):
    record_id, (token,) = running()
    summary, _ = read_output(SAMPLES / KEY)

    for broken, message in (
        ({**summary, "summary_version": 2}, "1 was expected"),
        ({k: v for k, v in summary.items() if k != "source"}, "'source' is a required"),
        ({**summary, "natom": "three"}, "'three' is not of type"),
        ({**summary, "energies": {"unit": "eV"}}, "'hartree' was expected"),
        ({**summary, "energies": {"unit": "hartree", "mp2": "x"}}, "/energies/mp2"),
    ):
        res = run_client.put(
            f"{API}/metadata/{KEY}", json=broken, headers=bearer(token)
        )
        assert res.status_code == 422, res.json
        assert message in res.json["message"]
    res = _put(run_client, token, f"metadata/{KEY}", b"{not json")
    assert res.status_code == 400
    assert _media_entries(record_id) == {}

    res = run_client.put(f"{API}/metadata/{KEY}", json=summary, headers=bearer(token))
    assert res.status_code == 201
    assert res.json["metadata"][RESULT_MARKER]["processor"] is None


def test_results_replace_their_own_never_anything_else(
    app, db, run_client, running, owner_client, fake_argo_server
):
    record_id, (token, other_token) = running((KEY, OTHER))

    assert (
        _put(run_client, token, f"results/{KEY}/{SHARED}", b"one").status_code == 201
    )
    assert (
        _put(run_client, token, f"results/{KEY}/{SHARED}", b"two").status_code == 201
    )
    assert _media_content(record_id, SHARED) == b"two"
    # Another source's run may not take the key over: it is not its name.
    res = _put(run_client, other_token, f"results/{OTHER}/{SHARED}", b"three")
    assert res.status_code == 400
    assert _media_content(record_id, SHARED) == b"two"

    # A later run of the same source replaces the earlier run's result.
    first = f"cclib-summary-{record_id}-1"
    fake_argo_server.set_phase(first, "Succeeded")
    res = post(
        owner_client,
        f"/records/{record_id}/draft/compchem/runs/{first}/actions/resubmit",
    )
    assert res.status_code == 201, res.json
    later = res.json["name"]
    fake_argo_server.set_phase(later, "Running")
    later_token = fake_argo_server.parameter(later, "credential")
    assert (
        _put(run_client, later_token, f"results/{KEY}/{SHARED}", b"four").status_code
        == 201
    )
    assert _media_content(record_id, SHARED) == b"four"
    assert (
        _media_entries(record_id)[SHARED]["metadata"][RESULT_MARKER]["run"]
        == later
    )


def test_results_as_draft_files(
    app, db, users, run_client, running, fake_argo_server, monkeypatch
):
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_RESULTS_TARGET", "files")
    record_id, (token,) = running()
    # A depositor's file is never overwritten: the source's own key is not a
    # result name, and a depositor's file under a result name is a conflict.
    res = _put(run_client, token, f"results/{KEY}/{KEY}", b"overwrite")
    assert res.status_code == 400
    notes = f"{KEY}.notes.txt"
    upload(users["owner"].identity, record_id, notes, b"the depositor's notes")
    res = _put(run_client, token, f"results/{KEY}/{notes}", b"overwrite")
    assert res.status_code == 409
    assert res.json["message"].startswith(notes)

    xyz = f"{KEY}.xyz"
    assert (
        _put(run_client, token, f"results/{KEY}/{xyz}", b"3\nwater\n").status_code
        == 201
    )
    files = current_rdm_records_service.draft_files
    entries = {
        e["key"]: e
        for e in files.list_files(system_identity, record_id)
        .to_dict()
        .get("entries", [])
    }
    assert set(entries) == {KEY, notes, xyz}
    assert entries[xyz]["metadata"][RESULT_MARKER]["source"] == KEY
    with files.get_file_content(system_identity, record_id, KEY).get_stream("rb") as fp:
        assert fp.read() == (SAMPLES / KEY).read_bytes()
    # An .xyz result would match no workflow anyway; a result named like an
    # output would: it is still never processed.
    out = f"{KEY}.copy.log"
    assert _put(run_client, token, f"results/{KEY}/{out}", b"copy").status_code == 201
    assert _engine_runs(fake_argo_server, record_id) == [f"cclib-summary-{record_id}-1"]
    assert _media_entries(record_id) == {}


def test_progress_is_validated(app, db, run_client, running):
    record_id, (token,) = running()
    name = f"cclib-summary-{record_id}-1"
    for body in (
        {"progress": {"done": 3, "total": 2}},
        {"progress": {"done": 1}},
        {"progress": {"done": "1", "total": 2}},
        {"message": "x" * 1001},
        {"unknown": 1},
        ["not", "an", "object"],
    ):
        res = run_client.post(f"{API}/progress", json=body, headers=bearer(token))
        assert res.status_code == 400, (body, res.json)
    assert latest_reports([name]) == {}
    res = run_client.post(
        f"{API}/progress", json={"message": "ok"}, headers=bearer(token)
    )
    assert res.status_code == 200
    assert latest_reports([name])[name]["progress"] is None


def test_a_draft_with_results_still_publishes(app, db, run_client, running, users):
    record_id, (token,) = running()
    assert (
        _put(run_client, token, f"results/{KEY}/{KEY}.xyz", b"3\nwater\n").status_code
        == 201
    )
    record = current_rdm_records_service.publish(users["owner"].identity, record_id)
    assert record["media_files"]["enabled"] is True
    published = current_rdm_records_media_files_service.files.list_files(
        system_identity, record_id
    ).to_dict()
    assert [e["key"] for e in published["entries"]] == [f"{KEY}.xyz"]


@pytest.mark.parametrize(
    "sources",
    [
        ("x/y.out", "x_y.out"),
        (".h.out", "h.out"),
        ("a\u202eb.out", "a\u200bb.out"),
        ("back\\slash.out", "z" * 236 + ".out"),
    ],
    ids=["slash", "hidden", "invisible", "backslash-and-long"],
)
def test_results_of_different_sources_never_share_a_name(
    app, db, users, run_client, draft_factory, fake_argo_server, sources
):
    record_id = draft_factory()
    content = (SAMPLES / OTHER).read_bytes()
    tokens = {}
    for number, key in enumerate(sources, 1):
        upload(users["owner"].identity, record_id, key, content)
        name = f"cclib-summary-{record_id}-{number}"
        fake_argo_server.set_phase(name, "Running")
        tokens[key] = fake_argo_server.parameter(name, "credential")
    for key, token in tokens.items():
        # The run reads its input whatever characters the key holds.
        res = run_client.get(
            f"{API}/files/{quote(key, safe='')}/content", headers=bearer(token)
        )
        assert res.status_code == 200, res.json
        name = result_name(key, ".summary.json")
        res = _put(run_client, token, f"results/{quote(key, safe='')}/{quote(name, safe='')}", key.encode())
        assert res.status_code == 201, res.json
        assert len(res.json["key"]) <= 255
    names = {result_name(key, ".summary.json") for key in sources}
    assert len(names) == 2
    for key in sources:
        assert _media_content(record_id, result_name(key, ".summary.json")) == key.encode()
    # A run may not write under another source's result name.
    first, second = sources
    res = _put(
        run_client,
        tokens[first],
        f"results/{quote(first, safe='')}/{quote(result_name(second, '.xyz'), safe='')}",
        b"x",
    )
    assert res.status_code == 400

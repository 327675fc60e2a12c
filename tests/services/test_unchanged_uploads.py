# SPDX-License-Identifier: MIT
"""A file uploaded again with the same content is not processed again.

Real RDM drafts and uploads (the draft file service, its upload hook, the
upload task) against the fake Argo server: the same bytes start no run while
the workflow's last run over the file succeeded; a changed byte starts one;
"process anyway" (a manual start) starts one; each run's files say how the
draft's upload of them compares now.
"""

from invenio_rdm_records.proxies import current_rdm_records_service

from invenio_compchem_processor import rows
from tests.support.drafts import SAMPLES, post, upload

KEY = "psi4-water_mp2.out"
CONTENT = (SAMPLES / KEY).read_bytes()


def _upload_again(users, record_id, content):
    owner = users["owner"].identity
    current_rdm_records_service.draft_files.delete_file(owner, record_id, KEY)
    upload(owner, record_id, KEY, content)


def _runs(owner_client, record_id):
    res = owner_client.get(f"/records/{record_id}/draft/compchem/runs")
    assert res.status_code == 200, res.json
    return {run["name"]: run for run in res.json["hits"]["hits"]}


def test_same_content_again_starts_no_run(
    app, db, users, owner_client, draft_factory, fake_argo_server, no_phase_cache
):
    record_id = draft_factory([KEY])
    first = f"cclib-summary-{record_id}-1"
    assert _runs(owner_client, record_id)[first]["files"][0]["upload"] == "current"
    fake_argo_server.set_phase(first, "Succeeded")

    _upload_again(users, record_id, CONTENT)

    runs = _runs(owner_client, record_id)
    assert list(runs) == [first]
    assert runs[first]["files"][0]["upload"] == "unchanged"
    assert runs[first]["files"][0]["checksum"].startswith("md5:")


def test_changed_content_starts_a_run(
    app, db, users, owner_client, draft_factory, fake_argo_server, no_phase_cache
):
    record_id = draft_factory([KEY])
    first = f"cclib-summary-{record_id}-1"
    fake_argo_server.set_phase(first, "Succeeded")

    _upload_again(users, record_id, CONTENT + b"\n")

    runs = _runs(owner_client, record_id)
    second = f"cclib-summary-{record_id}-2"
    assert set(runs) == {first, second}
    assert runs[first]["files"][0]["upload"] == "changed"
    assert runs[second]["files"][0]["upload"] == "current"
    assert runs[second]["trigger"] == "auto"


def test_same_content_after_a_failed_run_is_processed_again(
    app, db, users, owner_client, draft_factory, fake_argo_server, no_phase_cache
):
    record_id = draft_factory([KEY])
    fake_argo_server.set_phase(f"cclib-summary-{record_id}-1", "Failed", message="boom")

    _upload_again(users, record_id, CONTENT)

    assert f"cclib-summary-{record_id}-2" in _runs(owner_client, record_id)


def test_process_anyway_starts_a_run_on_the_unchanged_file(
    app, db, users, owner_client, draft_factory, fake_argo_server, no_phase_cache
):
    record_id = draft_factory([KEY])
    first = f"cclib-summary-{record_id}-1"
    fake_argo_server.set_phase(first, "Succeeded")
    _upload_again(users, record_id, CONTENT)
    assert rows.max_sequence(record_id, "cclib-summary") == 1

    res = post(
        owner_client,
        f"/records/{record_id}/draft/compchem/runs",
        {"workflow": "cclib-summary", "files": [KEY]},
    )
    assert res.status_code == 201, res.json
    assert res.json["trigger"] == "manual"
    assert res.json["files"][0]["upload"] == "current"


def test_a_removed_file_says_so(
    app, db, users, owner_client, draft_factory, fake_argo_server, no_phase_cache
):
    record_id = draft_factory([KEY])
    first = f"cclib-summary-{record_id}-1"
    fake_argo_server.set_phase(first, "Succeeded")
    current_rdm_records_service.draft_files.delete_file(
        users["owner"].identity, record_id, KEY
    )
    assert _runs(owner_client, record_id)[first]["files"][0]["upload"] == "removed"

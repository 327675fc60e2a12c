# SPDX-License-Identifier: MIT
"""An unchanged file in a new version of a record is not processed again.

Real RDM records (PostgreSQL, the RDM records service: publish,
``new_version``, ``import_files``, the draft file service) against the fake
Argo server. Version 1's run writes its summary through the run callback API
and succeeds; the record is published. In the new version's draft the same
content (imported, or uploaded again) takes over version 1's results and lists
its run, whose links and lookup work under the new draft; a changed byte or a
changed workflow version starts a run; "process anyway" starts one.
"""

import dataclasses

import pytest
from invenio_rdm_records.proxies import (
    current_rdm_records_media_files_service,
    current_rdm_records_service,
)

from invenio_compchem_processor import rows
from invenio_compchem_processor.proxies import current_compchem
from tests.support.drafts import post, upload
from tests.support.published import CONTENT, KEY, SUMMARY, publish_processed


@pytest.fixture()
def published(app, db, users, draft_factory, fake_argo_server, no_phase_cache):
    """Version 1, published: its run succeeded and wrote a summary. (id, run name)."""
    return publish_processed(app, users, draft_factory, fake_argo_server)


def _new_version(users, record_id, import_files=True):
    owner = users["owner"].identity
    draft = current_rdm_records_service.new_version(owner, record_id)
    new_id = draft.id
    data = draft.to_dict()
    data["metadata"]["publication_date"] = "2026-12-01"
    current_rdm_records_service.update_draft(owner, new_id, data)
    if import_files:
        current_rdm_records_service.import_files(owner, new_id)
    return new_id


def _runs(client, record_id):
    res = client.get(f"/records/{record_id}/draft/compchem/runs")
    assert res.status_code == 200, res.json
    return {run["name"]: run for run in res.json["hits"]["hits"]}


def _results(users, record_id):
    entries = current_rdm_records_media_files_service.draft_files.list_files(
        users["owner"].identity, record_id
    ).to_dict().get("entries", [])
    return {e["key"]: e["metadata"]["compchem_run"] for e in entries}


def test_imported_unchanged_file_takes_over_the_results(users, owner_client, published):
    record_id, name = published
    new_id = _new_version(users, record_id)

    assert rows.max_sequence(new_id, "cclib-summary") == 0  # nothing processed
    runs = _runs(owner_client, new_id)
    assert list(runs) == [name]
    run = runs[name]
    assert run["record_id"] == record_id  # the run of version 1 ...
    assert run["files"][0]["upload"] == "unchanged"
    assert f"/records/{new_id}/draft/compchem/runs/{name}" in run["links"]["self"]
    assert run["links"]["earlier_version"].endswith(f"/records/{record_id}")
    assert run["links"]["draft_runs"].endswith(f"/records/{new_id}/draft/compchem/runs")
    # ... looked up and its log read under the new draft.
    res = owner_client.get(f"/records/{new_id}/draft/compchem/runs/{name}")
    assert res.status_code == 200, res.json
    assert res.json["name"] == name and res.json["status"]["phase"] == "Succeeded"
    assert owner_client.get(f"/records/{new_id}/draft/compchem/runs/{name}/logs").status_code == 200
    # Its results are in the new draft, with their provenance.
    provenance = _results(users, new_id)[SUMMARY]
    assert provenance["run"] == name and provenance["taken_from"] == record_id


def test_same_bytes_uploaded_again_in_a_new_version(users, owner_client, published):
    record_id, name = published
    new_id = _new_version(users, record_id, import_files=False)
    upload(users["owner"].identity, new_id, KEY, CONTENT)

    assert rows.max_sequence(new_id, "cclib-summary") == 0
    assert list(_runs(owner_client, new_id)) == [name]
    assert SUMMARY in _results(users, new_id)


def test_changed_byte_in_a_new_version_is_processed(users, owner_client, published):
    record_id, name = published
    new_id = _new_version(users, record_id, import_files=False)
    upload(users["owner"].identity, new_id, KEY, CONTENT + b"\n")

    assert list(_runs(owner_client, new_id)) == [f"cclib-summary-{new_id}-1"]
    assert SUMMARY not in _results(users, new_id)


def test_changed_workflow_version_processes_again(
    app, users, owner_client, published, monkeypatch
):
    record_id, name = published
    workflows = current_compchem.workflows
    changed = dataclasses.replace(workflows["cclib-summary"], declared_version="2")
    assert changed.version != workflows["cclib-summary"].version
    monkeypatch.setitem(workflows, "cclib-summary", changed)

    new_id = _new_version(users, record_id)

    runs = _runs(owner_client, new_id)
    assert list(runs) == [f"cclib-summary-{new_id}-1"]
    assert rows.get_run(new_id, f"cclib-summary-{new_id}-1").workflow_version == "2"


def test_process_anyway_in_the_new_version(users, owner_client, published):
    record_id, name = published
    new_id = _new_version(users, record_id)

    res = post(
        owner_client,
        f"/records/{new_id}/draft/compchem/runs",
        {"workflow": "cclib-summary", "files": [KEY]},
    )
    assert res.status_code == 201, res.json
    assert res.json["name"] == f"cclib-summary-{new_id}-1"
    assert res.json["files"][0]["upload"] == "current"
    assert "earlier_version" not in res.json["links"]


def test_a_run_of_another_record_is_not_served_under_a_draft(
    users, owner_client, published, draft_factory
):
    record_id, name = published
    other = draft_factory([])
    res = owner_client.get(f"/records/{other}/draft/compchem/runs/{name}")
    assert res.status_code == 404

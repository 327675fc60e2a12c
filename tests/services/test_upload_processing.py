# SPDX-License-Identifier: MIT
"""Automatic processing of uploads, through RDM's own draft file service."""

import io
import logging
from datetime import datetime, timezone

from invenio_rdm_records.proxies import current_rdm_records_service

from tests.support.drafts import SAMPLES, upload
from invenio_compchem_processor.engines.argo.manifests import LABEL_RECORD
from invenio_compchem_processor.proxies import current_runs_service
from invenio_compchem_processor.services.drafts import RESULT_MARKER
from invenio_compchem_processor.tasks import (
    process_committed_file,
    stop_deleted_file_runs,
)


def _runs(identity, record_id, **params):
    return current_runs_service.search(
        identity, record_id, {"size": 100, **params}
    ).to_dict()


def _submitted_names(fake_argo_server, record_id):
    """Names of the workflows the engine holds for a record."""
    return [
        name
        for name, workflow in fake_argo_server.state.workflows.items()
        if workflow["metadata"]["labels"].get(LABEL_RECORD) == record_id
    ]


def test_every_sample_upload_submits_its_run(
    app, db, users, draft_factory, sample_keys, fake_argo_server
):
    record_id = draft_factory(sample_keys)
    owner = users["owner"].identity

    expected = {
        f"cclib-summary-{record_id}-{n}" for n in range(1, len(sample_keys) + 1)
    }
    assert set(_submitted_names(fake_argo_server, record_id)) == expected
    runs = _runs(owner, record_id)["hits"]
    assert runs["total"] == len(sample_keys)
    assert sorted(f["key"] for run in runs["hits"] for f in run["files"]) == sample_keys
    assert {run["trigger"] for run in runs["hits"]} == {"auto"}
    assert {run["status"]["phase"] for run in runs["hits"]} == {"Pending"}
    manifest = fake_argo_server.state.get_workflow(f"cclib-summary-{record_id}-1")
    assert manifest["spec"]["workflowTemplateRef"]["name"] == "compchem-cclib-summary"


def test_a_file_no_workflow_matches_starts_nothing(
    app, db, users, draft_factory, fake_argo_server
):
    record_id = draft_factory()
    upload(users["owner"].identity, record_id, "notes.txt", b"not a program output")
    assert _submitted_names(fake_argo_server, record_id) == []
    assert _runs(users["owner"].identity, record_id)["hits"]["total"] == 0


def test_manual_start_over_three_files_is_one_run(
    app, db, users, draft_factory, fake_argo_server
):
    keys = ["gaussian16-water_mp2.log", "nwchem7-water_mp2.out", "psi4-water_mp2.out"]
    record_id = draft_factory(keys)
    owner = users["owner"].identity
    for n in (1, 2, 3):
        fake_argo_server.set_phase(f"cclib-summary-{record_id}-{n}", "Succeeded")

    run = current_runs_service.start(
        owner, record_id, {"workflow": "cclib-summary", "files": keys}
    ).to_dict()

    assert run["name"] == f"cclib-summary-{record_id}-4"
    assert sorted(f["key"] for f in run["files"]) == sorted(keys)
    assert run["trigger"] == "manual"
    assert run["created_by"] == int(users["owner"].id)
    manifest = fake_argo_server.state.get_workflow(run["name"])
    params = {
        p["name"]: p.get("value") for p in manifest["spec"]["arguments"]["parameters"]
    }
    assert params["credential"].startswith("ccr_")
    assert "credential" not in str(run)


def test_reupload_supersedes_and_delete_stops(
    app, db, users, draft_factory, fake_argo_server
):
    key = "psi4-water_mp2.out"
    record_id = draft_factory([key])
    owner = users["owner"].identity
    first = f"cclib-summary-{record_id}-1"
    fake_argo_server.set_phase(first, "Running")
    files = current_rdm_records_service.draft_files

    files.delete_file(owner, record_id, key)
    run = current_runs_service.read(owner, record_id, first).to_dict()
    assert run["ended"]["reason"] == "deleted"
    assert not run["active"]
    assert fake_argo_server.state.get_workflow(first)["spec"].get("shutdown") == "Stop"

    upload(owner, record_id, key, (SAMPLES / key).read_bytes())
    second = current_runs_service.read(
        owner, record_id, f"cclib-summary-{record_id}-2"
    ).to_dict()
    assert second["active"] and second["files"][0]["key"] == key
    assert second["files"][0]["checksum"] == run["files"][0]["checksum"]


def test_published_draft_gets_no_run(
    app, db, users, draft_factory, fake_argo_server, caplog
):
    key = "psi4-water_mp2.out"
    record_id = draft_factory([key])
    owner = users["owner"].identity
    fake_argo_server.set_phase(f"cclib-summary-{record_id}-1", "Succeeded")
    current_rdm_records_service.publish(owner, record_id)

    with caplog.at_level(logging.INFO):
        process_committed_file.apply(args=(record_id, key))

    assert _submitted_names(fake_argo_server, record_id) == [
        f"cclib-summary-{record_id}-1"
    ]
    assert "the draft is gone or published" in caplog.text


def test_files_written_by_runs_are_never_processed(
    app, db, users, draft_factory, fake_argo_server
):
    record_id = draft_factory()
    owner = users["owner"].identity
    files = current_rdm_records_service.draft_files
    key = "psi4-water_mp2.out"
    files.init_files(
        owner, record_id, [{"key": key, "metadata": {RESULT_MARKER: {"run": "x-1"}}}]
    )
    files.set_file_content(
        owner, record_id, key, io.BytesIO((SAMPLES / key).read_bytes())
    )
    files.commit_file(owner, record_id, key)
    assert _submitted_names(fake_argo_server, record_id) == []


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None).isoformat()


def _manual_run_after_automatic(users, draft_factory, fake_argo_server):
    """A draft whose automatic run succeeded, then a running manual run.

    ``(key, record_id, owner, before_manual, manual)``: ``before_manual`` is
    a task's stamp from before the manual run started.
    """
    key = "psi4-water_mp2.out"
    record_id = draft_factory([key])
    owner = users["owner"].identity
    fake_argo_server.set_phase(f"cclib-summary-{record_id}-1", "Succeeded")
    before_manual = _now()
    manual = current_runs_service.start(
        owner, record_id, {"workflow": "cclib-summary", "files": [key]}
    ).to_dict()
    fake_argo_server.set_phase(manual["name"], "Running")
    return key, record_id, owner, before_manual, manual


def test_a_late_delete_task_stops_only_runs_started_before_the_delete(
    app, db, users, draft_factory, fake_argo_server
):
    key, record_id, owner, before_manual, manual = _manual_run_after_automatic(
        users, draft_factory, fake_argo_server
    )

    # The delete's task, delivered after the file came back and a run
    # started on it: that run is newer intent and keeps running.
    stop_deleted_file_runs.apply(
        args=(record_id, key), kwargs={"deleted": before_manual}
    )
    run = _runs(owner, record_id)["hits"]["hits"][0]
    assert run["name"] == manual["name"]
    assert run["active"] and run["ended"] is None

    # A delete after the run started stops it.
    stop_deleted_file_runs.apply(args=(record_id, key), kwargs={"deleted": _now()})
    run = _runs(owner, record_id)["hits"]["hits"][0]
    assert not run["active"] and run["ended"]["reason"] == "deleted"


def test_a_late_upload_task_leaves_newer_intent_alone(
    app, db, users, draft_factory, fake_argo_server
):
    key, record_id, owner, before_manual, manual = _manual_run_after_automatic(
        users, draft_factory, fake_argo_server
    )
    automatic = f"cclib-summary-{record_id}-1"

    # The upload's task, delivered late (a worker restarted): stamped before
    # the depositor's manual run, it neither supersedes it nor starts another.
    process_committed_file.apply(
        args=(record_id, key), kwargs={"committed": before_manual}
    )
    runs = _runs(owner, record_id)["hits"]["hits"]
    assert [run["name"] for run in runs] == [manual["name"], automatic]
    assert runs[0]["active"] and runs[0]["ended"] is None

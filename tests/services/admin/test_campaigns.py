# SPDX-License-Identifier: MIT
"""Reprocessing campaigns over 50 records: selection, throttle, pause, diffs."""

import io
import json

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import (
    current_rdm_records_media_files_service,
    current_rdm_records_service,
)

from tests.support.drafts import SAMPLES
from invenio_compchem_processor.engines.argo.manifests import LABEL_RECORD
from invenio_compchem_processor.processors.cclib_summary import read_output
from invenio_compchem_processor.proxies import current_compchem

KEY = "psi4-water_mp2.out"
SUMMARY = f"{KEY}.compchem.json"
VERSIONS = ["0.1.0", "0.1.5", "0.2.0", "0.10.0"]
"""0.10.0 is newer than 0.2.0: versions are compared as versions, not text."""
TERMINAL = ("Succeeded", "Failed", "Error")


@pytest.fixture(scope="module")
def app_config(app_config):
    """No digests: the ends of runs here are the campaign's, not a depositor's."""
    app_config["COMPCHEM_PROCESSOR_NOTIFICATIONS_ENABLED"] = False
    return app_config


def _finish(fake_argo_server, name, version, nbasis):
    """What a run of the processor at ``version`` does: summary, end, success."""
    token = fake_argo_server.parameter(name, "credential")
    fake_argo_server.set_phase(name, "Running")
    summary, _ = read_output(SAMPLES / KEY)
    summary["processor"]["version"] = version
    summary["nbasis"] = nbasis
    body = json.dumps(summary).encode()
    callbacks = current_compchem.callback_service
    callbacks.write_metadata(
        token, KEY, io.BytesIO(body), len(body), ("cclib-summary", version)
    )
    callbacks.end(token)
    fake_argo_server.set_phase(name, "Succeeded")


def _media(record_id):
    files = current_rdm_records_media_files_service.draft_files
    listing = files.list_files(system_identity, record_id).to_dict()
    return {e["key"]: e for e in listing["entries"]}


def _active(fake_argo_server, names):
    workflows = fake_argo_server.state.workflows
    return [
        n for n in names if workflows[n].get("status", {}).get("phase") not in TERMINAL
    ]


def test_campaign_over_50_records(app, db, users, draft_factory, fake_argo_server):
    service = current_compchem.admin_service
    records = [draft_factory([KEY]) for _ in range(50)]
    made_by = {}
    for number, record_id in enumerate(records):
        made_by[record_id] = VERSIONS[number % len(VERSIONS)]
        _finish(fake_argo_server, f"cclib-summary-{record_id}-1", made_by[record_id], 7)
    old = [r for r in records if made_by[r] in ("0.1.0", "0.1.5")]
    published = old[:2]
    for record_id in published:
        current_rdm_records_service.publish(users["owner"].identity, record_id)

    dry = service.start_campaign(
        system_identity,
        {"processor": "cclib-summary", "older_than": "0.2.0", "dry_run": True},
    )
    affected = [r for r in old if r not in published]
    assert dry["total"] == {
        "files": len(affected),
        "runs": len(affected),
        "proposed": len(published),
    }
    chosen = [f for f in dry["files"] if not f["proposed"]]
    assert sorted((f["record_id"], f["file_key"]) for f in chosen) == sorted(
        (r, KEY) for r in affected
    )
    assert all(f["processor_version"] == made_by[f["record_id"]] for f in dry["files"])
    assert {f["record_id"] for f in dry["files"] if f["proposed"]} == set(published)
    # A dry run submits nothing.
    assert not any(
        fake_argo_server.state.workflows.get(f"cclib-summary-{r}-2") for r in records
    )

    state = service.start_campaign(
        system_identity,
        {"processor": "cclib-summary", "older_than": "0.2.0", "concurrency": 3},
    )
    campaign = state["id"]
    assert state["needs_new_version"] == [
        {
            "record_id": r,
            "file_key": KEY,
            "run": f"cclib-summary-{r}-1",
            "processor_version": made_by[r],
            "proposed": True,
            "submitted": None,
            "error": None,
        }
        for r in sorted(published)
    ]
    max_active = 0
    paused_at = None
    while True:
        state = service.read_campaign(system_identity, campaign)
        submitted = [f["submitted"] for f in state["files"] if f["submitted"]]
        active = _active(fake_argo_server, submitted)
        max_active = max(max_active, len(active))
        assert state["in_flight"] == len(active) <= 3
        if paused_at is None and len(submitted) >= 12:
            paused_at = len(submitted)
            service.pause_campaign(system_identity, campaign)
            for name in active:
                _finish(fake_argo_server, name, "0.3.0", 8)
            # Paused: the free slots stay free, nothing new is submitted.
            state = service.advance_bulk(campaign)
            assert state["paused"] is True
            assert (state["submitted"], state["in_flight"]) == (paused_at, 0)
            assert service.read_campaign(system_identity, campaign)["queued"] > 0
            state = service.resume_campaign(system_identity, campaign)
            assert state["paused"] is False
            assert state["in_flight"] == 3  # the resume advanced it at once
            continue
        if state["finished"]:
            break
        for name in active:
            _finish(fake_argo_server, name, "0.3.0", 8)
        service.advance_bulk(campaign)
    assert max_active == 3
    assert paused_at is not None
    assert (state["submitted"], state["failed"]) == (len(affected), 0)

    for record_id in affected:
        entries = _media(record_id)
        provenance = entries[SUMMARY]["metadata"]["compchem_run"]
        assert provenance["processor_version"] == "0.3.0"
        assert provenance["run"] == f"cclib-summary-{record_id}-2"
        diff = provenance["diff"]
        assert diff["changed"]["processor.version"] == {
            "old": made_by[record_id],
            "new": "0.3.0",
        }
        assert diff["changed"]["nbasis"] == {"old": 7, "new": 8}
        assert diff["added"] == {} and diff["removed"] == {}
        kept = provenance["previous"]["key"]
        assert kept == f"{KEY}.compchem.previous-cclib-summary-{record_id}-1.json"
        earlier = entries[kept]["metadata"]["compchem_run"]
        assert earlier["processor_version"] == made_by[record_id]
        assert earlier["replaced_by"] == f"cclib-summary-{record_id}-2"
    # Records not selected, and published ones, were not touched.
    untouched = [r for r in records if r not in affected]
    for record_id in untouched:
        labelled = [
            n
            for n, w in fake_argo_server.state.workflows.items()
            if w["metadata"]["labels"].get(LABEL_RECORD) == record_id
        ]
        assert labelled == [f"cclib-summary-{record_id}-1"]
    # The next dry run finds nothing older left in the drafts.
    again = service.start_campaign(
        system_identity,
        {"processor": "cclib-summary", "older_than": "0.2.0", "dry_run": True},
    )
    assert again["total"] == {"files": 0, "runs": 0, "proposed": len(published)}


def test_campaign_of_failed_runs(app, db, users, draft_factory, fake_argo_server):
    service = current_compchem.admin_service
    records = [draft_factory([KEY]) for _ in range(4)]
    for record_id in records:
        fake_argo_server.set_phase(f"cclib-summary-{record_id}-1", "Failed")
    # One was restarted since, and succeeded: its failure is behind it.
    retried = current_compchem.admin_service.restart(
        system_identity, f"cclib-summary-{records[0]}-1"
    )
    fake_argo_server.set_phase(retried.id, "Succeeded")
    # One failed again after a restart: the newer failure is the one chosen.
    again = service.restart(system_identity, f"cclib-summary-{records[1]}-1")
    fake_argo_server.set_phase(again.id, "Error")
    fake_argo_server.set_phase(f"cclib-summary-{records[3]}-1", "Succeeded")

    dry = service.start_campaign(
        system_identity, {"workflow": "cclib-summary", "dry_run": True}
    )
    assert dry["total"] == {"files": 2, "runs": 2, "proposed": 0}
    assert sorted(f["run"] for f in dry["files"]) == sorted(
        [again.id, f"cclib-summary-{records[2]}-1"]
    )
    state = service.start_campaign(
        system_identity, {"workflow": "cclib-summary", "concurrency": 5}
    )
    state = service.read_campaign(system_identity, state["id"])
    assert sorted(f["submitted"] for f in state["files"]) == sorted(
        [f"cclib-summary-{records[1]}-3", f"cclib-summary-{records[2]}-2"]
    )


def _content(record_id, key):
    files = current_rdm_records_media_files_service.draft_files
    item = files.get_file_content(system_identity, record_id, key)
    with item.get_stream("rb") as fp:
        return fp.read()


def test_replaced_results_are_kept_and_summaries_diffed(
    app, db, draft_factory, fake_argo_server
):
    callbacks = current_compchem.callback_service
    record_id = draft_factory([KEY])
    first, second = (f"cclib-summary-{record_id}-{n}" for n in (1, 2))
    summary, _ = read_output(SAMPLES / KEY)

    def write(name, document, xyz, version):
        token = fake_argo_server.parameter(name, "credential")
        fake_argo_server.set_phase(name, "Running")
        processor = ("cclib-summary", version)
        callbacks.write_result(
            token, KEY, f"{KEY}.xyz", io.BytesIO(xyz), len(xyz), processor
        )
        body = json.dumps(document).encode()
        callbacks.write_metadata(token, KEY, io.BytesIO(body), len(body), processor)

    write(first, summary, b"3\nold\n", "0.1.0")
    fake_argo_server.set_phase(first, "Succeeded")
    current_compchem.admin_service.restart(system_identity, first)
    newer = {**summary, "wall_time_seconds": 12.5}
    newer.pop("nbasis")
    newer["energies"] = {**summary["energies"], "scf": -74.9}
    write(second, newer, b"3\nnew\n", "0.2.0")
    # The same run writing its summary again replaces it without a copy.
    write(second, newer, b"3\nnew\n", "0.2.0")

    entries = _media(record_id)
    assert sorted(entries) == sorted(
        [
            f"{KEY}.xyz",
            f"{KEY}.previous-{first}.xyz",
            SUMMARY,
            f"{KEY}.compchem.previous-{first}.json",
        ]
    )
    assert _content(record_id, f"{KEY}.previous-{first}.xyz") == b"3\nold\n"
    assert _content(record_id, f"{KEY}.xyz") == b"3\nnew\n"
    assert json.loads(_content(record_id, f"{KEY}.compchem.previous-{first}.json")) == (
        summary
    )
    provenance = entries[SUMMARY]["metadata"]["compchem_run"]
    assert provenance["previous"] == {
        "key": f"{KEY}.compchem.previous-{first}.json",
        "run": first,
        "processor": "cclib-summary",
        "processor_version": "0.1.0",
    }
    diff = provenance["diff"]
    assert diff["removed"] == {"nbasis": summary["nbasis"]}
    assert diff["changed"]["energies.scf"] == {
        "old": summary["energies"]["scf"],
        "new": -74.9,
    }
    assert diff["changed"]["wall_time_seconds"] == {"old": None, "new": 12.5}
    assert diff["added"] == {}
    assert "diff" not in entries[f"{KEY}.xyz"]["metadata"]["compchem_run"]

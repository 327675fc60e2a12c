# SPDX-License-Identifier: MIT
"""Uploads while the engine is down, failing or slow: nothing is lost."""

import pytest

from tests.support.drafts import upload, SAMPLES
from invenio_compchem_processor.proxies import current_runs_service

FILES = ["gaussian16-water_mp2.log", "nwchem7-water_mp2.out", "psi4-water_mp2.out"]


@pytest.mark.parametrize(
    "fault,kwargs",
    [
        ("status", {"status": 503}),
        ("status", {"status": 500}),
        ("latency", {"seconds": 3}),
        ("reset", {}),
    ],
)
def test_uploads_succeed_and_every_file_ends_with_a_run_or_a_reason(
    app, db, users, draft_factory, fake_argo_server, fault, kwargs
):
    record_id = draft_factory()
    owner = users["owner"].identity
    fake_argo_server.inject(fault, count=1000, **kwargs)
    for key in FILES:
        committed = upload(owner, record_id, key, (SAMPLES / key).read_bytes())
        assert committed.to_dict()["status"] == "completed"

    runs = current_runs_service.search(owner, record_id, {"size": 100}).to_dict()["hits"]
    by_file = {run["files"][0]["key"]: run for run in runs["hits"]}
    assert sorted(by_file) == FILES
    for run in by_file.values():
        assert run["status"]["phase"] == "NotStarted"
        assert "unavailable" in run["status"]["message"]


def test_engine_back_after_a_retry_starts_the_run(
    app, db, users, draft_factory, fake_argo_server
):
    record_id = draft_factory()
    owner = users["owner"].identity
    fake_argo_server.inject("status", count=1, status=503)
    upload(owner, record_id, FILES[0], (SAMPLES / FILES[0]).read_bytes())
    runs = current_runs_service.search(owner, record_id).to_dict()["hits"]["hits"]
    assert [run["status"]["phase"] for run in runs] == ["Pending"]
    assert runs[0]["name"] == f"cclib-summary-{record_id}-1"

# SPDX-License-Identifier: MIT
"""The admin run list: every record's runs, filtered, searched, sorted, counted.

Runs come from real uploads through RDM's draft file service (the automatic
workflow), phases from the fake Argo server; PostgreSQL answers the queries.
"""

import pytest
from invenio_records_resources.services.errors import PermissionDeniedError

from invenio_compchem_processor.proxies import current_compchem

KEY = "psi4-water_mp2.out"
OTHER = "nwchem7-water_mp2.out"


@pytest.fixture()
def service(app):
    return current_compchem.admin_service


@pytest.fixture()
def admin(users):
    return users["admin"].identity


@pytest.fixture()
def three_runs(db, draft_factory, fake_argo_server):
    """Two drafts: one with two files (two runs), one with one; one failed, one running."""
    first = draft_factory([KEY, OTHER])
    second = draft_factory([KEY])
    failed = f"cclib-summary-{first}-1"
    running = f"cclib-summary-{second}-1"
    fake_argo_server.set_phase(failed, "Failed", message="cclib could not parse")
    fake_argo_server.set_phase(running, "Running", progress="1/3")
    return {"first": first, "second": second, "failed": failed, "running": running}


def _names(result):
    return [hit["name"] for hit in result.to_dict()["hits"]["hits"]]


def _buckets(result, facet):
    buckets = result.to_dict()["aggregations"][facet]["buckets"]
    return {b["key"]: b["doc_count"] for b in buckets}


def test_lists_every_record_with_live_phase(service, admin, three_runs):
    result = service.search(admin, {})
    data = result.to_dict()
    assert data["hits"]["total"] == 3
    by_name = {hit["name"]: hit for hit in data["hits"]["hits"]}
    assert by_name[three_runs["failed"]]["phase"] == "Failed"
    assert by_name[three_runs["failed"]]["message"] == "cclib could not parse"
    assert by_name[three_runs["running"]]["status"]["progress"] == {
        "done": 1,
        "total": 3,
    }
    assert {hit["record_id"] for hit in data["hits"]["hits"]} == {
        three_runs["first"],
        three_runs["second"],
    }
    assert data["engine"] == {"available": True, "message": None}
    # Newest first: the second draft's run was created last.
    assert _names(result)[0] == three_runs["running"]
    assert (
        _names(service.search(admin, {"sort": "oldest"}))[-1] == three_runs["running"]
    )
    assert by_name[three_runs["running"]]["links"]["actions"] == {
        "stop": f"https://127.0.0.1:5000/api/compchem/admin/runs/{three_runs['running']}/actions/stop"
    }
    assert set(by_name[three_runs["failed"]]["links"]["actions"]) == {
        "retry",
        "restart",
    }


def test_facets_count_and_filter(service, admin, three_runs):
    result = service.search(admin, {})
    assert _buckets(result, "phase") == {"Failed": 1, "Running": 1, "Pending": 1}
    assert _buckets(result, "workflow") == {"cclib-summary": 3}
    assert _buckets(result, "engine") == {"argo": 3}
    assert _buckets(result, "trigger") == {"auto": 3}
    assert _buckets(result, "created") == {"day": 3}

    failed = service.search(admin, {"phase": ["Failed"], "workflow": ["cclib-summary"]})
    assert _names(failed) == [three_runs["failed"]]
    assert _buckets(failed, "phase") == {"Failed": 1}
    both = service.search(admin, {"phase": ["Failed", "Running"]})
    assert sorted(_names(both)) == sorted([three_runs["failed"], three_runs["running"]])
    assert (
        service.search(admin, {"workflow": ["md-summary"]}).to_dict()["hits"]["total"]
        == 0
    )
    assert service.search(admin, {"created": ["older"]}).to_dict()["hits"]["total"] == 0


def test_sort_by_duration(service, admin, three_runs, db):
    from invenio_compchem_processor import rows
    from invenio_compchem_processor.models import CompchemRun

    failed = db.session.query(CompchemRun).filter_by(name=three_runs["failed"]).one()
    rows.insert_run_end(failed, "finished")
    db.session.commit()
    assert _names(service.search(admin, {"sort": "longest"}))[0] == three_runs["failed"]
    assert (
        _names(service.search(admin, {"sort": "shortest"}))[0] == three_runs["failed"]
    )
    assert _names(service.search(admin, {"sort": "newest"}))[0] != three_runs["failed"]


def test_search_by_record_file_run_and_owner(service, admin, users, three_runs):
    by_record = service.search(admin, {"q": three_runs["second"]})
    assert _names(by_record) == [three_runs["running"]]
    by_file = service.search(admin, {"q": "NWCHEM7-water"})
    assert len(_names(by_file)) == 1
    assert by_file.to_dict()["hits"]["hits"][0]["files"][0]["key"] == OTHER
    by_run = service.search(admin, {"q": three_runs["failed"]})
    assert _names(by_run) == [three_runs["failed"]]
    by_owner = service.search(admin, {"q": "Owner@Example.org"})
    assert by_owner.to_dict()["hits"]["total"] == 3
    assert (
        service.search(admin, {"q": "stranger@example.org"}).to_dict()["hits"]["total"]
        == 0
    )


def test_one_engine_call_per_page(service, admin, three_runs, fake_argo_server):
    service.search(admin, {"size": 1})  # warm up
    before = len(fake_argo_server.requests)
    result = service.search(admin, {"size": 2, "page": 1})
    calls = fake_argo_server.requests[before:]
    assert len(result.to_dict()["hits"]["hits"]) == 2
    # One list of the page's runs by name, one of every run's phase.
    assert [c["method"] for c in calls] == ["GET", "GET"]
    assert len(calls) == 2


def test_engine_down_still_lists(service, admin, three_runs, fake_argo_server):
    fake_argo_server.inject("reset", count=10)
    data = service.search(admin, {}).to_dict()
    assert data["hits"]["total"] == 3
    assert data["engine"]["available"] is False
    assert {hit["phase"] for hit in data["hits"]["hits"]} == {"Unknown"}
    assert "phase" not in data["aggregations"]


def test_only_administrators(service, users, three_runs):
    for who in ("owner", "stranger"):
        with pytest.raises(PermissionDeniedError):
            service.search(users[who].identity, {})

# SPDX-License-Identifier: MIT
"""Publishing a draft while its files are processed, in each publish mode.

Real RDM publishes (PostgreSQL, the RDM records service) against the fake
Argo server: ``warn`` and ``allow`` publish and stop the active runs with the
reason ``published``; ``block`` refuses, naming them, until they have ended.
A run that ends after the publish writes nothing into the record.
"""

import pytest
from invenio_rdm_records.proxies import current_rdm_records_service
from marshmallow import ValidationError

from invenio_compchem_processor import rows
from tests.support.drafts import post

KEY = "psi4-water_mp2.out"
API = "/compchem/run"


@pytest.fixture()
def mode(app, monkeypatch):
    def set_mode(value):
        monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_PUBLISH_MODE", value)

    return set_mode


@pytest.fixture()
def running_draft(draft_factory, fake_argo_server, no_phase_cache):
    """A draft whose one file's run is Running: (record_id, run name, credential)."""
    record_id = draft_factory([KEY])
    name = f"cclib-summary-{record_id}-1"
    fake_argo_server.set_phase(name, "Running")
    return record_id, name, fake_argo_server.parameter(name, "credential")


def _end_reasons(record_id, name):
    run = rows.get_run(record_id, name)
    related = rows.run_relations([run.id])
    return [end.reason for end in related.ends.get(run.id, [])]


def _write_result(app, token):
    return app.test_client().put(
        f"{API}/results/{KEY}/{KEY}.late.txt",
        data=b"late",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.mark.parametrize("publish_mode", ["warn", "allow"])
def test_publish_stops_active_runs_and_later_writes_are_refused(
    app, db, users, running_draft, fake_argo_server, mode, publish_mode
):
    mode(publish_mode)
    record_id, name, token = running_draft
    record = current_rdm_records_service.publish(users["owner"].identity, record_id)
    assert record.id == record_id
    assert _end_reasons(record_id, name) == ["published"]
    # The engine was told to stop the run.
    assert fake_argo_server.state.workflow(name)["spec"].get("shutdown") == "Stop"
    # The run ends after the publish: what it writes is refused, nothing lands.
    fake_argo_server.set_phase(name, "Succeeded")
    assert _write_result(app, token).status_code in (401, 409)
    assert record.to_dict()["files"]["enabled"] is True


def test_block_refuses_publish_naming_the_runs_until_they_end(
    app, db, users, running_draft, fake_argo_server, mode
):
    mode("block")
    record_id, name, _ = running_draft
    owner = users["owner"].identity
    with pytest.raises(ValidationError) as refused:
        current_rdm_records_service.publish(owner, record_id)
    assert name in str(refused.value.messages)
    # Nothing changed: the draft is still a draft, the run still holds its file.
    assert current_rdm_records_service.read_draft(owner, record_id).id == record_id
    assert _end_reasons(record_id, name) == []
    fake_argo_server.set_phase(name, "Succeeded")
    assert current_rdm_records_service.publish(owner, record_id).id == record_id
    assert _end_reasons(record_id, name) == []


def test_block_over_http_is_a_400_naming_the_runs(
    app, db, users, client, running_draft, mode
):
    mode("block")
    record_id, name, _ = running_draft
    users["owner"].login(client)
    res = post(client, f"/records/{record_id}/draft/actions/publish")
    assert res.status_code == 400, res.json
    assert name in str(res.json)


def test_publish_with_the_engine_down_ends_unended_runs(
    app, db, users, running_draft, fake_argo_server, mode
):
    mode("warn")
    record_id, name, token = running_draft
    fake_argo_server.inject(503, count=100)
    current_rdm_records_service.publish(users["owner"].identity, record_id)
    fake_argo_server.take_violations()
    assert _end_reasons(record_id, name) == ["published"]
    assert _write_result(app, token).status_code in (401, 409)


def test_a_draft_without_active_runs_publishes_in_every_mode(
    app, db, users, draft_factory, fake_argo_server, mode
):
    mode("block")
    record_id = draft_factory([KEY])
    fake_argo_server.set_phase(f"cclib-summary-{record_id}-1", "Failed")
    current_rdm_records_service.publish(users["owner"].identity, record_id)
    assert _end_reasons(record_id, f"cclib-summary-{record_id}-1") == []

# SPDX-License-Identifier: MIT
"""A campaign proposes; the owner of the published record accepts or declines.

Real RDM records (PostgreSQL, publish, ``new_version``, ``import_files``)
against the fake Argo server; a campaign started by the admin service over a
published record's result made by an older processor. Only the owner answers
(403 for an editor, an administrator, a stranger); accepting makes a new
version draft with the files and a run reprocessing the proposed file in it;
an answered proposal cannot be answered again (409).
"""

import pytest
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service

from invenio_compchem_processor import rows
from invenio_compchem_processor.proxies import current_compchem
from tests.support.drafts import post
from tests.support.published import KEY, publish_processed


@pytest.fixture(scope="module")
def app_config(app_config):
    """No run-ended digests: not what these tests look at."""
    app_config["COMPCHEM_PROCESSOR_NOTIFICATIONS_ENABLED"] = False
    return app_config


@pytest.fixture()
def proposal(app, db, users, draft_factory, fake_argo_server, no_phase_cache):
    """(record id, campaign id): a campaign proposing to reprocess the record's file."""
    record_id, _ = publish_processed(
        app, users, draft_factory, fake_argo_server, version="0.1.0"
    )
    state = current_compchem.admin_service.start_campaign(
        system_identity, {"processor": "cclib-summary", "older_than": "0.2.0"}
    )
    assert [f["record_id"] for f in state["needs_new_version"]] == [record_id]
    return record_id, state["id"]


def _url(record_id, campaign_id=None, action=None):
    url = f"/records/{record_id}/compchem/proposals"
    if campaign_id is not None:
        url += f"/{campaign_id}"
    return f"{url}/{action}" if action else url


def test_owner_sees_the_proposal(client, users, proposal):
    record_id, campaign_id = proposal
    users["owner"].login(client)
    res = client.get(_url(record_id))
    assert res.status_code == 200, res.json
    [hit] = res.json["hits"]["hits"]
    assert hit["id"] == campaign_id
    workflow = current_compchem.workflows["cclib-summary"]
    assert hit["files"] == [
        {"key": KEY, "record_id": record_id, "run": f"cclib-summary-{record_id}-1",
         "processor_version": "0.1.0",
         "workflow": {"name": "cclib-summary", "title": workflow.title,
                      "version": workflow.version}}
    ]  # fmt: skip
    assert hit["answer"] is None
    assert hit["links"]["accept"].endswith(_url(record_id, campaign_id, "accept"))
    assert hit["links"]["decline"].endswith(_url(record_id, campaign_id, "decline"))


def test_an_administrator_reads_without_answer_links(client, users, proposal):
    record_id, campaign_id = proposal
    users["admin"].login(client)
    for url in (_url(record_id), _url(record_id, campaign_id)):
        res = client.get(url)
        assert res.status_code == 200, res.json
        item = res.json["hits"]["hits"][0] if "hits" in res.json else res.json
        assert item["id"] == campaign_id
        assert set(item["links"]) == {"self"}


@pytest.mark.parametrize("who", ["editor", "viewer", "stranger", "admin"])
def test_only_the_owner_answers(client, users, proposal, who):
    record_id, campaign_id = proposal
    users[who].login(client)
    for action in ("accept", "decline"):
        res = post(client, _url(record_id, campaign_id, action))
        assert res.status_code == 403, (action, res.json)
    assert rows.max_sequence(record_id, "cclib-summary") == 1


def test_anonymous_gets_403(client, proposal):
    record_id, campaign_id = proposal
    assert client.get(_url(record_id)).status_code == 403
    assert post(client, _url(record_id, campaign_id, "accept")).status_code == 403


def test_accepting_reprocesses_into_a_new_version(client, users, proposal):
    record_id, campaign_id = proposal
    users["owner"].login(client)
    res = post(client, _url(record_id, campaign_id, "accept"))
    assert res.status_code == 201, res.json
    answer = res.json["answer"]
    new_id = answer["new_record_id"]
    assert answer["accepted"] is True and new_id != record_id
    assert answer["runs"] == [f"cclib-summary-{new_id}-1"]
    assert "accept" not in res.json["links"]

    # The new version's draft holds the files and the run over the proposed one.
    draft = current_rdm_records_service.read_draft(users["owner"].identity, new_id)
    assert draft._record.versions.index == 2
    assert KEY in draft._record.files.entries
    run = rows.get_run(new_id, f"cclib-summary-{new_id}-1")
    assert run.trigger == "manual" and run.record_id == new_id
    # The published record itself is untouched.
    assert rows.max_sequence(record_id, "cclib-summary") == 1

    again = post(client, _url(record_id, campaign_id, "accept"))
    assert again.status_code == 409, again.json
    assert post(client, _url(record_id, campaign_id, "decline")).status_code == 409


def test_declining_keeps_the_record(client, users, proposal):
    record_id, campaign_id = proposal
    users["owner"].login(client)
    res = post(client, _url(record_id, campaign_id, "decline"))
    assert res.status_code == 200, res.json
    assert res.json["answer"]["accepted"] is False
    assert res.json["answer"]["new_record_id"] is None
    record = current_rdm_records_service.read(users["owner"].identity, record_id)
    assert record._record.versions.next_draft_id is None
    assert post(client, _url(record_id, campaign_id, "accept")).status_code == 409


def test_unknown_campaign_is_404(client, users, proposal):
    record_id, campaign_id = proposal
    users["owner"].login(client)
    assert client.get(_url(record_id, campaign_id + 1000)).status_code == 404
    assert post(client, _url(record_id, campaign_id + 1000, "accept")).status_code == 404


@pytest.mark.parametrize("campaign_id", [0, 2**31, 10**30])
def test_campaign_id_beyond_any_campaign_is_a_404(client, users, proposal, campaign_id):
    record_id, _ = proposal
    users["owner"].login(client)
    for res in (
        client.get(_url(record_id, campaign_id)),
        post(client, _url(record_id, campaign_id, "accept")),
    ):
        assert res.status_code == 404, res.get_data(as_text=True)
        assert res.json["status"] == 404


def test_unknown_record_is_404(client, users, proposal):
    users["owner"].login(client)
    assert client.get(_url("abcde-12345")).status_code == 404

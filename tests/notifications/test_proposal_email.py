# SPDX-License-Identifier: MIT
"""A campaign's proposal reaches the owner of the published record by email.

A real RDM publish and a campaign started by the admin service; the email
goes through invenio-notifications and invenio-mail (its outbox), rendered
from the package's template.
"""

from invenio_access.permissions import system_identity

from invenio_compchem_processor.proxies import current_compchem
from tests.support.published import KEY, publish_processed


def _proposals(outbox):
    return [m for m in outbox if m.subject.startswith("Reprocessing proposed")]


def test_campaign_start_emails_the_owner_the_proposal(
    app, db, users, draft_factory, fake_argo_server, no_phase_cache, outbox
):
    record_id, _ = publish_processed(app, users, draft_factory, fake_argo_server)
    service = current_compchem.admin_service
    selection = {"processor": "cclib-summary", "older_than": "0.2.0"}

    service.start_campaign(system_identity, {**selection, "dry_run": True})
    assert _proposals(outbox) == []  # a dry run tells nobody

    state = service.start_campaign(system_identity, selection)
    [mail] = _proposals(outbox)
    assert mail.recipients == [users["owner"].email]
    assert mail.subject.startswith("Reprocessing proposed for 1 file of ")
    assert KEY in mail.body and "0.1.0" in mail.body
    accept = f"/records/{record_id}/compchem/proposals/{state['id']}/accept"
    assert accept in mail.body and accept in mail.html
    assert f"/records/{record_id}" in mail.html
    assert "record's page" in mail.body

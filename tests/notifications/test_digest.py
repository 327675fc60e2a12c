# SPDX-License-Identifier: MIT
"""Digests of ended runs: one email per batch, to whom, and only once.

Runs are ended as the engine ends them: the fake Argo server reports the
final phase and the run closes its context through the run callback API;
``notify_run_ended`` is then called once per run, as the places where runs
end call it.
"""

import pytest
from tests.support.run_endings import end, run_keys, run_names
from invenio_accounts.proxies import current_datastore
from invenio_db import db
from sqlalchemy import select

from invenio_compchem_processor.models import CompchemRun
from invenio_compchem_processor.notifications.models import CompchemRunNotification
from invenio_compchem_processor.notifications.tasks import notify_run_ended
from invenio_compchem_processor.proxies import current_runs_service

FAILED_KEY = "gaussian16-dvb_gopt-truncated.out"
FAILURE = "gaussian16-dvb_gopt-truncated.out: the output is cut short"


@pytest.fixture()
def notifications_on(users):
    """Every user starts with notifications on."""
    yield
    for user in users.values():
        _set_notifications(user.user, True)


def _set_notifications(user, enabled):
    """As the notification settings page does: the user's own preference."""
    user = current_datastore.get_user(user.id)
    user.preferences = {
        **(user.preferences or {}),
        "notifications": {"enabled": enabled},
    }
    current_datastore.put(user)
    db.session.commit()


def test_nine_uploads_give_one_digest_with_nine_lines(
    app,
    db,
    users,
    draft_factory,
    sample_keys,
    fake_argo_server,
    run_client,
    outbox,
    notifications_on,
):
    keys = sorted({*[k for k in sample_keys if k != FAILED_KEY][:8], FAILED_KEY})
    assert len(keys) == 9
    record_id = draft_factory(keys, share=False)
    names = run_names(record_id)
    assert len(names) == 9
    keys_of = run_keys(record_id)

    for i, name in enumerate(names):
        if keys_of[name] == FAILED_KEY:
            end(run_client, fake_argo_server, name, "Failed", FAILURE)
        else:
            end(run_client, fake_argo_server, name, "Succeeded")
        notify_run_ended.delay(name)
        # While runs remain active the batch waits: nothing is sent.
        if i < len(names) - 1:
            assert outbox == []

    assert len(outbox) == 1
    mail = outbox[0]
    assert mail.recipients == ["owner@example.org"]
    lines = [line for line in mail.body.splitlines() if line.startswith("- ")]
    assert len(lines) == 9
    assert sorted(line.split(" ")[1] for line in lines) == keys
    assert f"- {FAILED_KEY} (cclib-summary): failed: {FAILURE}" in lines
    assert sum(": succeeded" in line for line in lines) == 8
    assert mail.subject.startswith("Processing of 9 files of ")
    assert "8 succeeded" in mail.subject and "1 failed" in mail.subject
    url = f"https://127.0.0.1:5000/uploads/{record_id}"
    assert f"Open the deposit form: {url}" in mail.body
    assert f'href="{url}"' in mail.html
    assert FAILED_KEY in mail.html

    # Every run of the batch is recorded as notified, once.
    notified = db.session.scalars(select(CompchemRunNotification.run_id)).all()
    run_ids = db.session.scalars(
        select(CompchemRun.id).where(CompchemRun.record_id == record_id)
    ).all()
    assert set(run_ids) <= set(notified)

    # A second call for the notified batch sends nothing.
    notify_run_ended.delay(names[-1])
    notify_run_ended.delay(names[0])
    assert len(outbox) == 1


def test_a_user_who_turned_notifications_off_gets_none(
    app,
    db,
    users,
    draft_factory,
    fake_argo_server,
    run_client,
    outbox,
    notifications_on,
):
    _set_notifications(users["owner"].user, False)
    key = "psi4-water_mp2.out"
    record_id = draft_factory([key])
    (auto,) = run_names(record_id)
    end(run_client, fake_argo_server, auto, "Succeeded")
    notify_run_ended.delay(auto)
    assert outbox == []

    # The editor who starts a run still hears of it; the owner does not.
    manual = current_runs_service.start(
        users["editor"].identity,
        record_id,
        {"workflow": "cclib-summary", "files": [key]},
    ).to_dict()["name"]
    end(run_client, fake_argo_server, manual, "Succeeded")
    notify_run_ended.delay(manual)
    assert [m.recipients for m in outbox] == [["editor@example.org"]]
    assert f"- {key} (cclib-summary): succeeded" in outbox[0].body.splitlines()


def test_a_single_manual_run_gives_one_email_to_owner_and_starter(
    app,
    db,
    users,
    draft_factory,
    fake_argo_server,
    run_client,
    outbox,
    notifications_on,
):
    key = "orca5-water_mp3.out"
    record_id = draft_factory([key])
    (auto,) = run_names(record_id)
    end(run_client, fake_argo_server, auto, "Succeeded")
    notify_run_ended.delay(auto)
    assert [m.recipients for m in outbox] == [["owner@example.org"]]

    # The editor the draft is shared with processes the file again by hand.
    manual = current_runs_service.start(
        users["editor"].identity,
        record_id,
        {"workflow": "cclib-summary", "files": [key]},
    ).to_dict()["name"]
    end(run_client, fake_argo_server, manual, "Failed", "SCF did not converge")
    notify_run_ended.delay(manual)

    later = outbox[1:]
    assert sorted(m.recipients[0] for m in later) == [
        "editor@example.org",
        "owner@example.org",
    ]
    for mail in later:
        lines = [line for line in mail.body.splitlines() if line.startswith("- ")]
        assert lines == [f"- {key} (cclib-summary): failed: SCF did not converge"]
    notify_run_ended.delay(manual)
    assert len(outbox) == 3


def test_notifications_can_be_turned_off_for_the_site(
    app,
    db,
    users,
    draft_factory,
    fake_argo_server,
    run_client,
    outbox,
    notifications_on,
):
    record_id = draft_factory(["xtb6-dvb_opt.out"], share=False)
    (name,) = run_names(record_id)
    end(run_client, fake_argo_server, name, "Succeeded")
    app.config["COMPCHEM_PROCESSOR_NOTIFICATIONS_ENABLED"] = False
    try:
        notify_run_ended.delay(name)
    finally:
        app.config["COMPCHEM_PROCESSOR_NOTIFICATIONS_ENABLED"] = True
    assert outbox == []
    assert (
        db.session.get(
            CompchemRunNotification,
            db.session.scalar(select(CompchemRun.id).where(CompchemRun.name == name)),
        )
        is None
    )

# SPDX-License-Identifier: MIT
"""When a digest leaves: the quiet period, and runs the engine has not finished."""

import pytest
from tests.support.run_endings import end, run_keys, run_names

from invenio_compchem_processor.notifications.tasks import notify_run_ended

KEYS = ["nwchem7-water_mp2.out", "orca5-dvb_ir.out", "qchem5-water_mp4.out"]


@pytest.fixture()
def quiet_period(app):
    """Set the quiet period for one test."""
    default = app.config["COMPCHEM_PROCESSOR_NOTIFY_QUIET_PERIOD"]

    def set_to(seconds):
        app.config["COMPCHEM_PROCESSOR_NOTIFY_QUIET_PERIOD"] = seconds

    yield set_to
    app.config["COMPCHEM_PROCESSOR_NOTIFY_QUIET_PERIOD"] = default


def _lines(mail):
    return [line for line in mail.body.splitlines() if line.startswith("- ")]


def test_runs_still_active_wait_for_the_quiet_period(
    app, users, draft_factory, fake_argo_server, run_client, outbox, quiet_period
):
    record_id = draft_factory(KEYS, share=False)
    first, second, third = run_names(record_id)
    keys = run_keys(record_id)

    # Within the quiet period the batch waits for its last run.
    quiet_period(300)
    end(run_client, fake_argo_server, first, "Succeeded")
    notify_run_ended.delay(first)
    end(run_client, fake_argo_server, second, "Failed", "no SCF energies")
    notify_run_ended.delay(second)
    assert outbox == []

    # Past it, the runs that ended are sent; the active one waits for its own.
    quiet_period(0)
    notify_run_ended.delay(second)
    assert len(outbox) == 1
    assert _lines(outbox[0]) == sorted(
        [
            f"- {keys[first]} (cclib-summary): succeeded",
            f"- {keys[second]} (cclib-summary): failed: no SCF energies",
        ]
    )

    end(run_client, fake_argo_server, third, "Succeeded")
    notify_run_ended.delay(third)
    assert len(outbox) == 2
    assert _lines(outbox[1]) == [f"- {keys[third]} (cclib-summary): succeeded"]


def test_a_run_the_engine_is_still_finishing_is_awaited(
    app, users, draft_factory, fake_argo_server, run_client, outbox
):
    record_id = draft_factory(KEYS[:1], share=False)
    (name,) = run_names(record_id)
    # The exit handler closed the context; Argo still says Running.
    end(run_client, fake_argo_server, name, "Running")
    notify_run_ended.delay(name)
    assert outbox == []

    fake_argo_server.set_phase(name, "Succeeded")
    notify_run_ended.delay(name)
    assert len(outbox) == 1
    assert _lines(outbox[0]) == [f"- {KEYS[0]} (cclib-summary): succeeded"]


def test_a_run_that_could_not_start_is_listed_with_its_reason(
    app, users, draft_factory, fake_argo_server, run_client, outbox
):
    fake_argo_server.inject("status", count=1000, status=500, method="POST")
    record_id = draft_factory(KEYS[:1], share=False)
    fake_argo_server._faults.clear()
    (name,) = run_names(record_id)
    notify_run_ended.delay(name)
    assert len(outbox) == 1
    (line,) = _lines(outbox[0])
    assert line.startswith(f"- {KEYS[0]} (cclib-summary): could not start: ")
    assert "could not start" in outbox[0].subject


def test_a_run_that_failed_without_closing_its_context_is_listed(
    app, users, draft_factory, fake_argo_server, run_client, outbox
):
    record_id = draft_factory(KEYS[:2], share=False)
    first, second = run_names(record_id)
    keys = run_keys(record_id)
    # The first run's pod was killed: Argo says Failed, no exit handler called.
    fake_argo_server.set_phase(first, "Failed", message="OOMKilled (exit code 137)")
    end(run_client, fake_argo_server, second, "Succeeded")
    notify_run_ended.delay(second)
    assert len(outbox) == 1
    assert _lines(outbox[0]) == sorted(
        [
            f"- {keys[first]} (cclib-summary): failed: OOMKilled (exit code 137)",
            f"- {keys[second]} (cclib-summary): succeeded",
        ]
    )

# SPDX-License-Identifier: MIT
"""The engine watcher turns Argo's workflow events into run events."""

import threading
import time

from invenio_compchem_processor import event_bus
from invenio_compchem_processor.proxies import current_compchem
from invenio_compchem_processor.services.events.watcher import follow_engine

KEY = "psi4-water_mp2.out"


def _phases(record_id, name, after="0-0"):
    return [
        event["phase"]
        for _, event in event_bus.read(record_id, after, 100)
        if event["run"] == name and event["type"] == "run.phase"
    ]


def test_phase_changes_in_argo_become_events(app, draft_factory, fake_argo_server):
    record_id = draft_factory([KEY])
    name = f"cclib-summary-{record_id}-1"
    before = event_bus.last_id(record_id)
    stop = threading.Event()
    outcome = {}

    def watch():
        with app.app_context():
            outcome["published"] = follow_engine(
                current_compchem.engine, should_stop=stop.is_set, pause=0.1
            )

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        # The watch opens with every current run (ADDED): the watcher is up.
        deadline = time.monotonic() + 20
        while not _phases(record_id, name, before):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        fake_argo_server.set_phase(name, "Running")
        fake_argo_server.set_phase(name, "Failed", message="out of memory")
        deadline = time.monotonic() + 20
        while "Failed" not in _phases(record_id, name, before):
            assert time.monotonic() < deadline, _phases(record_id, name, before)
            time.sleep(0.1)
    finally:
        stop.set()
        fake_argo_server.set_phase(name, "Failed", message="wake the watch")
        thread.join(30)
    phases = _phases(record_id, name, before)
    assert phases[0] == "Pending"
    assert "Running" in phases and phases.index("Running") < phases.index("Failed")
    failed = [
        event
        for _, event in event_bus.read(record_id, before, 100)
        if event.get("phase") == "Failed"
    ][0]
    assert failed["message"] == "out of memory"
    # The same state is not published twice.
    assert phases.count("Running") == 1
